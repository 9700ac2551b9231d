package io.fums.emulator.dlms.session;

import static io.fums.emulator.dlms.session.AssociationTest.DCU_TITLE;
import static io.fums.emulator.dlms.session.AssociationTest.KEYS;
import static io.fums.emulator.dlms.session.AssociationTest.METER_TITLE;
import static io.fums.emulator.dlms.session.AssociationTest.connect;
import static io.fums.emulator.dlms.session.AssociationTest.meter;
import static io.fums.emulator.dlms.session.AssociationTest.readsMeter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.security.EcdsaKeys;
import io.fums.dlms.security.InvocationCounters;
import io.fums.emulator.dlms.server.DlmsTcpServer;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.testsupport.EcdsaTestKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HLS-ECDSA (mechanism 7) with security suite 1 ciphering, client against server: over a real TCP socket and
 * over pipes, and its refusals (a wrong client signing key fails pass 3 at the meter, a wrong meter certificate
 * key fails pass 4 at the client, a suite 0 client is refused by a suite 1 meter), each METER_AUTH_FAILED.
 */
@Tag("SEC-3")
@Tag("SEC-9")
class EcdsaAssociationTest {

    static final KeyPair DCU = EcdsaTestKeys.generate();
    static final KeyPair METER = EcdsaTestKeys.generate();
    static final KeyPair OTHER = EcdsaTestKeys.generate();

    static ServerSettings meterSettings() {
        return ServerSettings.highEcdsa(KEYS, METER_TITLE, true, new EcdsaKeys(METER.getPrivate(), DCU.getPublic()));
    }

    static AssociationSettings dcuSettings(KeyPair own, KeyPair meterCertificate) {
        return AssociationSettings.highEcdsa(KEYS, DCU_TITLE, true,
                new EcdsaKeys(own.getPrivate(), meterCertificate.getPublic()));
    }

    @Test
    void suite1OverTcpWithCipheringAndDedicatedKey() throws Exception {
        ServerSettings s = meterSettings();
        InvocationCounters dcu = new InvocationCounters();
        try (DlmsTcpServer server = DlmsTcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                l -> WrapperTransport.server(l, 1), new TestMeter("MTR-S1"), s, 2)) {
            // two session slots: the second association need not wait until the meter has noticed the first end
            for (boolean dedicated : new boolean[] {false, true}) {
                try (DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", server.port(),
                        Duration.ofSeconds(2)), 1, 1, dcuSettings(DCU, METER).withCounters(dcu)
                        .withDedicatedKey(dedicated))) {
                    assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-S1");
                    assertThat(new MeterObjects(c).energyImport().value()).isEqualByComparingTo("12345.6");
                }
            }
        }
        // every ciphered APDU counted once: the meter saw the client's last counter
        assertThat(s.counters().lastReceived()).isEqualTo(dcu.nextToSend() - 1);
    }

    @Test
    void suite1WithoutCipheringOverPipes() throws Exception {
        ServerSettings s = ServerSettings.highEcdsa(KEYS, METER_TITLE, false,
                new EcdsaKeys(METER.getPrivate(), DCU.getPublic()));
        try (Harness h = meter(s); DlmsClient c = connect(h, AssociationSettings.highEcdsa(KEYS, DCU_TITLE, false,
                new EcdsaKeys(DCU.getPrivate(), METER.getPublic())))) {
            readsMeter(c);
        }
    }

    /** A client whose signing key the meter does not know: pass 3 fails, the meter stays unassociated. */
    @Test
    void wrongClientSignatureFailsPass3() throws Exception {
        try (Harness h = meter(meterSettings())) {
            assertThatThrownBy(() -> connect(h, dcuSettings(OTHER, METER)))
                    .isInstanceOf(DlmsException.class).hasMessageContaining("meter refused the HLS reply")
                    .hasMessageContaining("signing key")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
            assertThat(h.session.associated()).isFalse();
        }
    }

    /** The DCU holds another certificate than the meter's key: the meter's pass 4 signature does not verify. */
    @Test
    void wrongMeterCertificateFailsPass4() throws Exception {
        try (Harness h = meter(meterSettings())) {
            assertThatThrownBy(() -> connect(h, dcuSettings(DCU, OTHER)))
                    .isInstanceOf(DlmsException.class).hasMessageContaining("f(CtoS) does not verify")
                    .hasMessageContaining("certificate")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
    }

    /** A suite 1 meter refuses HLS-GMAC (mechanism 5) in the AARE: authentication mechanism not recognised. */
    @Test
    void suite0ClientIsRefusedBySuite1Meter() throws Exception {
        try (Harness h = meter(meterSettings())) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, true)))
                    .hasMessageContaining("authentication refused")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
        try (Harness h = meter(ServerSettings.highGmac(KEYS, METER_TITLE, true))) {
            assertThatThrownBy(() -> connect(h, dcuSettings(DCU, METER)))
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
    }

    @Test
    void settingsNeedEcdsaKeysExactlyForHlsEcdsa() {
        assertThatThrownBy(() -> AssociationSettings.highEcdsa(KEYS, DCU_TITLE, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ECDSA keys");
        assertThatThrownBy(() -> ServerSettings.highEcdsa(KEYS, METER_TITLE, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ECDSA keys");
        assertThat(dcuSettings(DCU, METER).securitySuite()).isEqualTo(1);
        assertThat(dcuSettings(DCU, METER).toString()).doesNotContain("S=");
    }
}
