package io.fums.emulator.dlms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.WrapperTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Associations with each security mode over the TCP wrapper on in-memory pipes, and their refusals. */
@Tag("SEC-3")
@Tag("CARD-4")
class AssociationTest {

    static final byte[] PASSWORD = "12345678".getBytes(StandardCharsets.US_ASCII);
    static final SecurityKeys KEYS = new SecurityKeys(bytes(16, 1), bytes(16, 0x41));
    static final byte[] METER_TITLE = "MMM\0\0\0\0\1".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] DCU_TITLE = "FUM\0\0\0\0\7".getBytes(StandardCharsets.ISO_8859_1);

    static byte[] bytes(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    static Harness meter(ServerSettings s) {
        return Harness.start(link -> WrapperTransport.server(link, 1), new TestMeter("MTR0001"), s);
    }

    static DlmsClient connect(Harness h, AssociationSettings a) throws DlmsException {
        return DlmsClient.overWrapper(h.clientLink, 0x01, 1, a.withResponseTimeout(Duration.ofSeconds(5)));
    }

    static void readsMeter(DlmsClient c) throws DlmsException {
        MeterObjects m = new MeterObjects(c);
        assertThat(m.deviceId()).isEqualTo("MTR0001");
        assertThat(m.activeFirmwareIdentifier()).isEqualTo("FW-1.0.0");
        assertThat(m.energyImport().value()).isEqualByComparingTo("12345.6");
        assertThat(m.clock().toOffsetDateTime().toString()).isEqualTo("2025-03-14T15:09:26+01:00");
    }

    @Test
    void noSecurity() throws Exception {
        try (Harness h = meter(ServerSettings.open()); DlmsClient c = connect(h, AssociationSettings.none())) {
            readsMeter(c);
            assertThat(c.conformance().has(Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ)).isTrue();
            assertThat(c.serverMaxReceivePduSize()).isEqualTo(1024);
            assertThat(h.session.associated()).isTrue();
        }
    }

    @Test
    void lowLevelSecurity() throws Exception {
        try (Harness h = meter(ServerSettings.lowLevel(PASSWORD));
                DlmsClient c = connect(h, AssociationSettings.lowLevel(PASSWORD))) {
            readsMeter(c);
        }
    }

    @Test
    void wrongPasswordIsRefusedWithAuthFailed() throws Exception {
        try (Harness h = meter(ServerSettings.lowLevel(PASSWORD))) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.lowLevel("wrong".getBytes())))
                    .isInstanceOf(DlmsException.class).hasMessageStartingWith("pipe test (a) wrapper")
                    .hasMessageContaining("authentication")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
    }

    @Test
    void missingAuthenticationIsRefused() throws Exception {
        try (Harness h = meter(ServerSettings.lowLevel(PASSWORD))) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.none()))
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
    }

    @Test
    void highLevelGmacWithoutCiphering() throws Exception {
        try (Harness h = meter(ServerSettings.highGmac(KEYS, METER_TITLE, false));
                DlmsClient c = connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, false))) {
            readsMeter(c);
        }
    }

    @Test
    void highLevelGmacWithCipheringGlobalAndDedicatedKey() throws Exception {
        ServerSettings s = ServerSettings.highGmac(KEYS, METER_TITLE, true);
        InvocationCounters dcu = new InvocationCounters();
        try (Harness h = meter(s)) {
            try (DlmsClient c = connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, true).withCounters(dcu))) {
                readsMeter(c);
            }
        }
        long afterFirst = dcu.nextToSend();
        assertThat(afterFirst).isGreaterThan(5);
        try (Harness h = meter(s); DlmsClient c = connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, true)
                .withCounters(dcu).withDedicatedKey(true))) {
            readsMeter(c);
        }
        assertThat(s.counters().lastReceived()).isEqualTo(dcu.nextToSend() - 1);
    }

    @Test
    void wrongKeyIsRefusedWithAuthFailed() throws Exception {
        SecurityKeys wrong = new SecurityKeys(bytes(16, 1), bytes(16, 0x42));
        try (Harness h = meter(ServerSettings.highGmac(KEYS, METER_TITLE, false))) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.highGmac(wrong, DCU_TITLE, false)))
                    .hasMessageContaining("HLS")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
            assertThat(h.session.associated()).isFalse();
        }
        try (Harness h = meter(ServerSettings.highGmac(KEYS, METER_TITLE, true))) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.highGmac(wrong, DCU_TITLE, true)))
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
    }

    @Test
    void cipheringRequiredRefusesPlainContext() throws Exception {
        try (Harness h = meter(ServerSettings.highGmac(KEYS, METER_TITLE, true))) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, false)))
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_REFUSED);
        }
    }

    @Test
    void replayedAssociationRequestIsRefused() throws Exception {
        ServerSettings s = ServerSettings.highGmac(KEYS, METER_TITLE, true);
        try (Harness h = meter(s)) {
            try (DlmsClient c = connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, true))) {
                readsMeter(c);
            }
        }
        // a client that lost its counters starts again at 1: the meter has seen higher ones
        try (Harness h = meter(s)) {
            assertThatThrownBy(() -> connect(h, AssociationSettings.highGmac(KEYS, DCU_TITLE, true)))
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        }
    }
}
