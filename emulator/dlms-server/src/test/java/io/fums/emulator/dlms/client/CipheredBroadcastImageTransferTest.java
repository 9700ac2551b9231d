package io.fums.emulator.dlms.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.client.BroadcastImageTransfer;
import io.fums.dlms.client.BroadcastResult;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.BroadcastKey;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.TestBus;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.transport.HdlcSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ciphered broadcast image transfer (Green Book broadcast key) over an
 * in-memory shared medium losing 2 % of the DCU's frames per meter: meters
 * on HLS-GMAC with suite 0 ciphering that hold the medium's broadcast key
 * take every block once by broadcast, a ciphering meter without it gets the
 * image point-to-point, and no meter refuses a broadcast counter.
 */
@Tag("SEC-3")
@Tag("SM-3")
class CipheredBroadcastImageTransferTest {

    static final SecurityKeys KEYS = new SecurityKeys(java.util.HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"),
            java.util.HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"));
    static final byte[] GBEK = java.util.HexFormat.of().parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
    static final byte[] CLIENT_TITLE = java.util.HexFormat.of().parseHex("4D4D4D0000000001");
    static final int METERS = 6;

    static byte[] title(int i) {
        return java.util.HexFormat.of().parseHex("4D4D4D00000000" + String.format("%02X", 0x10 + i));
    }

    @Test
    void cipheringMetersWithTheBroadcastKeyTakeTheBroadcastOnALossyMedium() throws Exception {
        List<TestMeter> meters = BroadcastImageTransferTest.meters(METERS);
        List<InvocationCounters> received = new ArrayList<>();
        for (int i = 0; i < METERS; i++) {
            received.add(new InvocationCounters());
        }
        byte[] image = BroadcastImageTransferTest.image(64 * BroadcastImageTransferTest.BLOCK - 5);
        // the last meter holds no broadcast key
        try (TestBus bus = new TestBus(meters, 0.02, 5, i -> {
            ServerSettings s = ServerSettings.highGmac(KEYS, title(i), true);
            return i == METERS - 1 ? s : s.withBroadcast(new BroadcastKey(GBEK, KEYS.authenticationKey(),
                    received.get(i)));
        })) {
            List<BroadcastImageTransfer.Target> targets = new ArrayList<>();
            for (int i = 0; i < METERS; i++) {
                int address = TestBus.address(i);
                AssociationSettings a = AssociationSettings.highGmac(KEYS, CLIENT_TITLE, true)
                        .withResponseTimeout(Duration.ofSeconds(5)); // one instance per meter: its counters
                targets.add(new BroadcastImageTransfer.Target("M" + i, () -> DlmsClient.overHdlc(bus.dcu(),
                        HdlcSettings.client(0x10, 1, address).withRetries(Duration.ofMillis(100), 10), a),
                        i != METERS - 1));
            }
            InvocationCounters sent = new InvocationCounters(1000, -1);
            BroadcastChannel cipher = new BroadcastChannel(CLIENT_TITLE, GBEK, KEYS.authenticationKey(), sent, 0);
            HdlcBroadcaster out = new HdlcBroadcaster(bus.dcu(), HdlcAddress.allPhysicalDevices(1, 2), 0x10,
                    HdlcSettings.MAX_INFO, 0);
            BroadcastResult r = new BroadcastImageTransfer(out).withCipher(cipher).withRebroadcast(2)
                    .transfer(BroadcastImageTransferTest.ID, image, targets);
            assertThat(r.allComplete()).as(r.toString()).isTrue();
            for (TestMeter m : meters) {
                assertThat(m.image()).isEqualTo(image);
            }
            assertThat(sent.nextToSend()).as("one broadcast counter per broadcast APDU")
                    .isEqualTo(1000 + 64 + r.rebroadcastSends());
            for (int i = 0; i < METERS - 1; i++) {
                BroadcastResult.MeterResult m = r.meters().get(i);
                assertThat(m.blocksBroadcast()).isEqualTo(64 + r.rebroadcastSends());
                assertThat(m.blocksRepaired()).as("2 %% loss: a few blocks at most").isLessThan(10);
                assertThat(received.get(i).lastReceived()).isGreaterThanOrEqualTo(1000);
                assertThat(received.get(i).replaysRefused()).isZero();
                assertThat(received.get(i).authenticationFailures()).isZero();
            }
            BroadcastResult.MeterResult noKey = r.meters().get(METERS - 1);
            assertThat(noKey.blocksBroadcast()).isZero();
            assertThat(noKey.blocksRepaired()).isEqualTo(64);
        }
    }
}
