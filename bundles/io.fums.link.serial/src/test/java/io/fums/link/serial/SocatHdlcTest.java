package io.fums.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.link.Link;
import io.fums.emulator.dlms.server.CosemObjectModel;
import io.fums.emulator.dlms.server.ServerSession;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.dlms.transport.HdlcSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HDLC between the DLMS client and a server session over a socat pty pair
 * opened through jSerialComm. Skipped, saying why, where socat is absent.
 */
@Tag("CARD-4")
@Timeout(60)
class SocatHdlcTest {

    static final Path DIR = Path.of("target", "pty");
    static final CosemAttributeDescriptor BLOB = new CosemAttributeDescriptor(1, new ObisCode(0, 0, 96, 99, 0, 255), 2);
    static final CosemMethodDescriptor ECHO = new CosemMethodDescriptor(1, new ObisCode(0, 0, 96, 99, 0, 255), 1);

    /** A minimal meter: device id, a blob attribute, an echo method. */
    static final class Meter implements CosemObjectModel {
        volatile byte[] blob = new byte[0];

        @Override
        public GetOutcome get(CosemAttributeDescriptor a, SelectiveAccess access) {
            if (a.equals(CosemObjects.DEVICE_ID_VALUE)) {
                return GetOutcome.of(new DataValue.OctetString("MTR-PTY".getBytes(StandardCharsets.US_ASCII)));
            }
            return a.equals(BLOB) ? GetOutcome.of(new DataValue.OctetString(blob))
                    : GetOutcome.failed(DataAccessResult.OBJECT_UNDEFINED);
        }

        @Override
        public DataAccessResult set(CosemAttributeDescriptor a, DataValue value) {
            if (a.equals(BLOB) && value instanceof DataValue.OctetString s) {
                blob = s.value();
                return DataAccessResult.SUCCESS;
            }
            return DataAccessResult.READ_WRITE_DENIED;
        }

        @Override
        public ActionOutcome action(CosemMethodDescriptor m, DataValue p) {
            return m.equals(ECHO) ? new ActionOutcome(ActionResult.SUCCESS, p)
                    : new ActionOutcome(ActionResult.OBJECT_UNDEFINED, null);
        }
    }

    @BeforeAll
    static void needsSocat() {
        assumeTrue(SocatPair.available(), "socat is not installed (apt-get install socat): pty tests skipped");
    }

    @Test
    void clientAndServerTalkHdlcOverAPtyPair() throws Exception {
        Meter meter = new Meter();
        try (SocatPair pair = SocatPair.start(DIR, "hdlc")) {
            SerialLink meterPort = SerialLink.open(SerialSettings.of(pair.a.toString()));
            ServerSession session = new ServerSession(new HdlcServerTransport(meterPort,
                    HdlcSettings.server(1, 0x11).withMaxInfo(128, 128)), meter, ServerSettings.open()
                    .withMaxReceivePduSize(512));
            Thread server = new Thread(session::run, "pty-meter");
            server.setDaemon(true);
            server.start();
            Link dcuPort = SerialLink.open(SerialSettings.of(pair.b.toString()));
            assertThat(dcuPort.name()).isEqualTo("serial " + pair.b);
            try (DlmsClient c = DlmsClient.overHdlc(dcuPort, HdlcSettings.client(0x10, 1, 0x11)
                    .withRetries(Duration.ofMillis(500), 3), AssociationSettings.none())) {
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-PTY");
                byte[] big = new byte[20_000];
                new Random(46).nextBytes(big);
                c.set(BLOB, new DataValue.OctetString(big)); // SET blocks, each segmented in 128-byte frames
                assertThat(meter.blob).isEqualTo(big);
                assertThat(c.get(BLOB)).isEqualTo(new DataValue.OctetString(big));
                assertThat(c.action(ECHO, new DataValue.OctetString(big))).isEqualTo(new DataValue.OctetString(big));
            }
            session.close();
            server.join(5000);
            assertThat(server.isAlive()).isFalse();
        }
    }

    @Test
    void silentPortGivesUnreachableNamingThePort() throws Exception {
        try (SocatPair pair = SocatPair.start(DIR, "silent")) {
            SerialLink nobody = SerialLink.open(SerialSettings.of(pair.b.toString()));
            long start = System.nanoTime();
            assertThatThrownBy(() -> DlmsClient.overHdlc(nobody, HdlcSettings.client(0x10, 1, 0x11)
                    .withRetries(Duration.ofMillis(200), 1), AssociationSettings.none()))
                    .isInstanceOf(DlmsException.class).hasMessageStartingWith("serial " + pair.b)
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
            assertThat(nobody.isOpen()).isFalse();
        }
    }

    @Test
    void missingPortIsUnreachable() {
        assertThatThrownBy(() -> SerialLink.open(SerialSettings.of("/dev/does-not-exist-fums")))
                .isInstanceOf(DlmsException.class).hasMessageStartingWith("serial /dev/does-not-exist-fums")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
    }
}
