package io.fums.emulator.dlms.session;

import static io.fums.emulator.dlms.session.AssociationTest.DCU_TITLE;
import static io.fums.emulator.dlms.session.AssociationTest.KEYS;
import static io.fums.emulator.dlms.session.AssociationTest.METER_TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.Aare;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.ApplicationContextName;
import io.fums.dlms.apdu.AssociationResult;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.apdu.ExceptionResponse;
import io.fums.dlms.apdu.GetDataResult;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.apdu.InitiateRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.apdu.SetRequest;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TapLink;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.dlms.wrapper.WrapperPdu;
import io.fums.dlms.wrapper.WrapperReader;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET, SET and ACTION with block transfer both ways, conformance and PDU enforcement, replay refusal. */
@Tag("CARD-4")
class ServicesTest {

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    record Setup(Harness harness, TestMeter meter, DlmsClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            harness.close();
        }
    }

    static Setup setup(boolean ciphered, ServerSettings server, AssociationSettings client) throws DlmsException {
        TestMeter meter = new TestMeter("MTR0002");
        ServerSettings s = ciphered ? ServerSettings.highGmac(KEYS, METER_TITLE, true)
                .withMaxReceivePduSize(server.maxReceivePduSize()).withConformance(server.conformance()) : server;
        AssociationSettings a = ciphered ? AssociationSettings.highGmac(KEYS, DCU_TITLE, true)
                .withMaxReceivePduSize(client.maxReceivePduSize()).withConformance(client.conformance()) : client;
        Harness h = Harness.start(link -> WrapperTransport.server(link, 1), meter, s);
        return new Setup(h, meter, DlmsClient.overWrapper(h.clientLink, 1, 1,
                a.withResponseTimeout(Duration.ofSeconds(5))));
    }

    @ParameterizedTest(name = "ciphered={0}")
    @ValueSource(booleans = {false, true})
    void blockTransferBothWaysWithValuesMuchLargerThanThePdu(boolean ciphered) throws Exception {
        try (Setup t = setup(ciphered, ServerSettings.open().withMaxReceivePduSize(200),
                AssociationSettings.none().withMaxReceivePduSize(180))) {
            byte[] big = random(100_000, 1);
            t.client.set(TestMeter.BLOB, new DataValue.OctetString(big)); // SET-Request-With-Datablock
            assertThat(t.meter.blob).isEqualTo(big);
            assertThat(t.client.get(TestMeter.BLOB)).isEqualTo(new DataValue.OctetString(big)); // GET with datablocks
            byte[] param = random(30_000, 2);
            assertThat(t.client.action(TestMeter.ECHO, new DataValue.OctetString(param))) // pblocks both ways
                    .isEqualTo(new DataValue.OctetString(param));
            List<GetDataResult> list = t.client.get(List.of(CosemObjects.DEVICE_ID_VALUE, TestMeter.BLOB,
                    new CosemAttributeDescriptor(1, new ObisCode(9, 9, 9, 9, 9, 9), 2)));
            assertThat(list.get(0)).isEqualTo(new GetDataResult.Data(new DataValue.OctetString("MTR0002".getBytes())));
            assertThat(list.get(1)).isEqualTo(new GetDataResult.Data(new DataValue.OctetString(big)));
            assertThat(list.get(2)).isEqualTo(new GetDataResult.Failure(DataAccessResult.OBJECT_UNDEFINED));
            // 100 kB in ~160-byte blocks: hundreds of requests, all served
            assertThat(t.meter.requests.get()).isGreaterThanOrEqualTo(4);
        }
    }

    /** Every PDU size around the length-field thresholds, plain and ciphered: blocks always fit exactly. */
    @ParameterizedTest(name = "ciphered={0}")
    @ValueSource(booleans = {false, true})
    void blockSizesFitEveryNegotiatedPduSize(boolean ciphered) throws Exception {
        Random r = new Random(7);
        for (int pdu : new int[] {64, 100, 127, 128, 129, 150, 255, 256, 257, 300, 511, 700}) {
            try (Setup t = setup(ciphered, ServerSettings.open().withMaxReceivePduSize(pdu),
                    AssociationSettings.none().withMaxReceivePduSize(Math.max(64, 830 - pdu)))) {
                for (int size : new int[] {0, pdu - 30, pdu - 10, pdu, pdu + 5, 3 * pdu + r.nextInt(pdu)}) {
                    byte[] v = random(Math.max(0, size), size);
                    t.client.set(TestMeter.BLOB, new DataValue.OctetString(v));
                    assertThat(t.meter.blob).as("pdu %d size %d", pdu, size).isEqualTo(v);
                    assertThat(t.client.get(TestMeter.BLOB)).isEqualTo(new DataValue.OctetString(v));
                    assertThat(t.client.action(TestMeter.ECHO, new DataValue.OctetString(v)))
                            .isEqualTo(new DataValue.OctetString(v));
                }
            }
        }
    }

    @Test
    void refusalsCarryTheMetersResult() throws Exception {
        try (Setup t = setup(false, ServerSettings.open(), AssociationSettings.none())) {
            CosemAttributeDescriptor unknown = new CosemAttributeDescriptor(1, new ObisCode(9, 9, 9, 9, 9, 9), 2);
            assertThatThrownBy(() -> t.client.get(unknown)).isInstanceOf(DlmsRefusedException.class)
                    .hasMessageContaining("object-undefined")
                    .extracting(e -> ((DlmsRefusedException) e).dataAccessResult())
                    .isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
            assertThatThrownBy(() -> t.client.set(CosemObjects.DEVICE_ID_VALUE, new DataValue.UInt8(1)))
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_REFUSED);
        }
    }

    @Test
    void negotiatedConformanceIsEnforced() throws Exception {
        Conformance getOnly = Conformance.of(Conformance.Bit.GET);
        try (Setup t = setup(false, ServerSettings.open().withMaxReceivePduSize(128).withConformance(getOnly),
                AssociationSettings.none().withMaxReceivePduSize(128))) {
            assertThat(t.client.conformance()).isEqualTo(getOnly);
            assertThatThrownBy(() -> t.client.set(TestMeter.BLOB, new DataValue.OctetString(new byte[4])))
                    .isInstanceOf(DlmsRefusedException.class).hasMessageContaining("set was not negotiated");
            t.meter.blob = random(5000, 3);
            assertThatThrownBy(() -> t.client.get(TestMeter.BLOB)) // too long and no block transfer
                    .isInstanceOf(DlmsRefusedException.class).hasMessageContaining("other-reason");
        }
        // a client that ignores the conformance gets exception-response from the server
        try (Harness h = Harness.start(link -> WrapperTransport.server(link, 1), new TestMeter("M"),
                ServerSettings.open().withConformance(getOnly).withMaxReceivePduSize(128))) {
            WrapperTransport raw = WrapperTransport.client(h.clientLink, 1, 1);
            raw.send(Aarq.of(ApplicationContextName.LOGICAL_NAME, null, null, null,
                    InitiateRequest.of(AssociationSettings.DEFAULT_CONFORMANCE, 0xFFFF)).encode());
            assertThat(((Aare) Apdus.decode(raw.receive(5000))).result()).isEqualTo(AssociationResult.ACCEPTED);
            InvokeIdAndPriority iip = InvokeIdAndPriority.of(1);
            raw.send(new SetRequest.Normal(iip, TestMeter.BLOB, null, new DataValue.OctetString(new byte[4])).encode());
            assertThat(Apdus.decode(raw.receive(5000))).isEqualTo(ExceptionResponse.of(
                    ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                    ExceptionResponse.ServiceError.SERVICE_NOT_SUPPORTED));
            raw.send(new SetRequest.Normal(iip, TestMeter.BLOB, null, new DataValue.OctetString(new byte[400]))
                    .encode());
            assertThat(Apdus.decode(raw.receive(5000))).isEqualTo(ExceptionResponse.of(
                    ExceptionResponse.StateError.SERVICE_NOT_ALLOWED, ExceptionResponse.ServiceError.PDU_TOO_LONG));
            raw.send(new GetRequest.Normal(iip, CosemObjects.DEVICE_ID_VALUE, null).encode());
            assertThat(Apdus.decode(raw.receive(5000))).isNotInstanceOf(ExceptionResponse.class);
        }
    }

    @Test
    void requestsBeforeAnAssociationAreRefused() throws Exception {
        try (Harness h = Harness.start(link -> WrapperTransport.server(link, 1), new TestMeter("M"),
                ServerSettings.open())) {
            WrapperTransport raw = WrapperTransport.client(h.clientLink, 1, 1);
            raw.send(new GetRequest.Normal(InvokeIdAndPriority.of(1), CosemObjects.DEVICE_ID_VALUE, null).encode());
            assertThat(Apdus.decode(raw.receive(5000))).isInstanceOf(ExceptionResponse.class);
        }
    }

    @Tag("SEC-3")
    @Tag("SEC-8")
    @Tag("SEC-9")
    @Test
    void replayedAndTamperedCipheredRequestsAreRefusedAndCountedApart() throws Exception {
        TestMeter meter = new TestMeter("MTR0003");
        ServerSettings settings = ServerSettings.highGmac(KEYS, METER_TITLE, true);
        try (Harness h = Harness.start(link -> WrapperTransport.server(link, 1), meter, settings)) {
            TapLink tap = new TapLink(h.clientLink);
            DlmsClient c = DlmsClient.overWrapper(tap, 1, 1, AssociationSettings.highGmac(KEYS, DCU_TITLE, true));
            c.set(TestMeter.BLOB, new DataValue.OctetString(new byte[] {1, 2, 3}));
            byte[] captured = tap.written.get(tap.written.size() - 1);
            assertThat(captured[8] & 0xFF).isEqualTo(0xC9); // glo-set-request, short length: SC at 10, IC at 11..14
            meter.blob = new byte[0];
            int before = meter.requests.get();
            tap.write(captured); // an attacker replays the ciphered SET
            assertThat(exceptionFrom(h).serviceError()).isEqualTo(ExceptionResponse.ServiceError.INVOCATION_COUNTER_ERROR);
            assertThat(settings.counters().replaysRefused()).as("the replay is counted").isEqualTo(1);

            byte[] forged = captured.clone();
            forged[11] = 0x7F; // a fresh counter, so only the authentication tag can tell
            tap.write(forged);
            assertThat(exceptionFrom(h).serviceError()).isEqualTo(ExceptionResponse.ServiceError.DECIPHERING_ERROR);
            assertThat(settings.counters().authenticationFailures()).as("the forgery is counted").isEqualTo(1);
            assertThat(settings.counters().replaysRefused()).isEqualTo(1);

            assertThat(meter.requests.get()).isEqualTo(before);
            assertThat(meter.blob).isEmpty();
            assertThat(c.get(TestMeter.BLOB)).isEqualTo(new DataValue.OctetString(new byte[0])); // session goes on
            c.close();
        }
    }

    /** The meter's answer on the raw link, which must be an exception-response. */
    private static ExceptionResponse exceptionFrom(Harness h) throws Exception {
        WrapperReader reader = new WrapperReader();
        byte[] buf = new byte[256];
        List<WrapperPdu> pdus = List.of();
        while (pdus.isEmpty()) {
            int n = h.clientLink.read(buf, 0, buf.length, 5000);
            assertThat(n).isPositive();
            pdus = reader.feed(buf, 0, n);
        }
        return (ExceptionResponse) Apdus.decode(pdus.get(0).apdu());
    }
}
