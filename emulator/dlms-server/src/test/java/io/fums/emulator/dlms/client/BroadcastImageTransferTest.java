package io.fums.emulator.dlms.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.BroadcastImageTransfer;
import io.fums.dlms.client.BroadcastResult;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.TestBus;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.transport.HdlcSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Broadcast image transfer over an in-memory shared medium whose meters
 * each lose the DCU's frames on their own: every block is broadcast once,
 * each meter then gets point-to-point exactly what its bitmap lacks.
 */
class BroadcastImageTransferTest {

    static final byte[] ID = "FW-BCAST".getBytes(StandardCharsets.US_ASCII);
    static final int BLOCK = 128;

    static byte[] image(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static List<TestMeter> meters(int n) {
        List<TestMeter> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestMeter m = new TestMeter("M" + i);
            m.imageBlockSize = BLOCK;
            out.add(m);
        }
        return out;
    }

    static List<BroadcastImageTransfer.Target> targets(TestBus bus, int n) {
        List<BroadcastImageTransfer.Target> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int address = TestBus.address(i);
            out.add(new BroadcastImageTransfer.Target("M" + i, () -> DlmsClient.overHdlc(bus.dcu(),
                    HdlcSettings.client(0x10, 1, address).withRetries(Duration.ofMillis(100), 10),
                    AssociationSettings.none().withResponseTimeout(Duration.ofSeconds(5)))));
        }
        return out;
    }

    static HdlcBroadcaster broadcaster(TestBus bus) {
        return new HdlcBroadcaster(bus.dcu(), HdlcAddress.allPhysicalDevices(1, 2), 0x10, HdlcSettings.MAX_INFO, 0);
    }

    @Test
    void everyMeterEndsCompleteAndOnlyLostBlocksAreRepaired() throws Exception {
        List<TestMeter> meters = meters(8);
        byte[] image = image(64 * BLOCK - 17); // 64 blocks, the last one short
        try (TestBus bus = new TestBus(meters, 0.10, 7, ServerSettings.open())) {
            BroadcastResult r = new BroadcastImageTransfer(broadcaster(bus)).transfer(ID, image, targets(bus, 8));
            assertThat(r.blockSize()).isEqualTo(BLOCK);
            assertThat(r.blocks()).isEqualTo(64);
            assertThat(r.broadcastSends()).isEqualTo(64);
            assertThat(r.rebroadcastSends()).isZero();
            assertThat(r.allComplete()).as(r.toString()).isTrue();
            for (TestMeter m : meters) {
                assertThat(m.image()).isEqualTo(image);
            }
            for (BroadcastResult.MeterResult m : r.meters()) {
                assertThat(m.blocksBroadcast()).isEqualTo(64);
                assertThat(m.blocksRepaired()).as("a confirmed repair is not lost: one send per missing block")
                        .isEqualTo(m.missingAfterBroadcast());
                assertThat(m.error()).isNull();
            }
            // 10 % of 8 x 64 block frames: about 51 lost; independent per meter
            assertThat(r.missingAfterBroadcast()).isBetween(25L, 90L);
            assertThat(r.meters().stream().mapToLong(BroadcastResult.MeterResult::missingAfterBroadcast).distinct()
                    .count()).isGreaterThan(1);
        }
    }

    @Test
    void aLosslessMediumNeedsNoRepairAtAll() throws Exception {
        List<TestMeter> meters = meters(3);
        byte[] image = image(10 * BLOCK);
        try (TestBus bus = new TestBus(meters, 0, 1, ServerSettings.open())) {
            BroadcastResult r = new BroadcastImageTransfer(broadcaster(bus)).transfer(ID, image, targets(bus, 3));
            assertThat(r.allComplete()).isTrue();
            assertThat(r.repairedBlocks()).isZero();
            assertThat(r.missingAfterBroadcast()).isZero();
        }
    }

    @Test
    void aRebroadcastRoundTakesTheBlocksSeveralMetersLack() throws Exception {
        List<TestMeter> meters = meters(8);
        byte[] image = image(64 * BLOCK);
        try (TestBus bus = new TestBus(meters, 0.25, 11, ServerSettings.open())) {
            BroadcastResult r = new BroadcastImageTransfer(broadcaster(bus)).withRebroadcast(2)
                    .transfer(ID, image, targets(bus, 8));
            assertThat(r.allComplete()).as(r.toString()).isTrue();
            assertThat(r.rebroadcastSends()).isBetween(10L, 64L);
            for (TestMeter m : meters) {
                assertThat(m.image()).isEqualTo(image);
            }
            // without the round, about 25 % of 512 block frames (128) would go point-to-point
            assertThat(r.repairedBlocks()).isLessThan(100);
            assertThat(r.meters().get(0).blocksBroadcast()).isEqualTo(64 + r.rebroadcastSends());
        }
    }

    @Test
    void aMeterWithAnotherBlockSizeGetsEverythingPointToPointAndAnUnreachableOneIsReported() throws Exception {
        List<TestMeter> meters = meters(3);
        meters.get(2).imageBlockSize = 100;
        byte[] image = image(20 * BLOCK);
        try (TestBus bus = new TestBus(meters, 0, 3, ServerSettings.open())) {
            List<BroadcastImageTransfer.Target> targets = new ArrayList<>(targets(bus, 3));
            targets.add(new BroadcastImageTransfer.Target("ghost", () -> DlmsClient.overHdlc(bus.dcu(),
                    HdlcSettings.client(0x10, 1, 0x7A).withRetries(Duration.ofMillis(50), 1),
                    AssociationSettings.none())));
            BroadcastResult r = new BroadcastImageTransfer(broadcaster(bus)).transfer(ID, image, targets);
            assertThat(r.completeMeters()).isEqualTo(3);
            BroadcastResult.MeterResult odd = r.meters().get(2);
            assertThat(odd.blocks()).isEqualTo((20 * BLOCK + 99) / 100);
            assertThat(odd.blocksBroadcast()).isZero();
            assertThat(odd.blocksRepaired()).isEqualTo(odd.blocks());
            assertThat(meters.get(2).image()).isEqualTo(image);
            BroadcastResult.MeterResult ghost = r.meters().get(3);
            assertThat(ghost.complete()).isFalse();
            assertThat(ghost.error()).isInstanceOf(DlmsException.class);
            assertThat(ghost.error().code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
        }
    }
}
