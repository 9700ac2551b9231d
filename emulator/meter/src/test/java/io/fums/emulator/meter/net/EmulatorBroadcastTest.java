package io.fums.emulator.meter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.BroadcastImageTransfer;
import io.fums.dlms.client.BroadcastResult;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broadcast image transfer (issue [5/8]) to ten emulated meters on one
 * shared medium behind a socat pty, the medium losing 5 % of the frames for
 * each meter on its own: every block goes out once to all, each meter's
 * bitmap is read and only its missing blocks are sent to it; then every
 * meter has the whole signed image and verifies it.
 */
@Tag("CARD-4")
@Tag("ARC-3")
class EmulatorBroadcastTest {

    static final int METERS = 10;
    static final int BLOCK = 256;
    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;

    @BeforeAll
    static void keys() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    }

    @Test
    @Tag("SM-3")
    @Tag("SM-4")
    void tenMetersTakeOneBroadcastAndTheirOwnRepairsThenVerify() throws Exception {
        Path bus = dir.resolve("bus");
        EmulatorFixture.publicKey(vendor, dir);
        Path file = dir.resolve("population.json");
        // security none, explicitly: this test is about the broadcast in clear (a ciphered association ignores
        // it; ciphered broadcast with the medium's broadcast key: EmulatorCipheredBroadcastTest)
        Files.writeString(file, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s", "link": {"baud": 115200, "frameLossRate": 0.05}}],
                 "defaults": {"verifyMillis": 100, "blockSize": %d, "security": {"authentication": "none"}},
                 "groups": [{"id": "b", "count": %d, "medium": "bus", "hdlcAddressBase": 17}]}
                """.formatted(bus, BLOCK, METERS));
        PopulationConfig config = PopulationConfig.load(file, MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 96 * BLOCK, 5, vendor.getPrivate());
        byte[] id = "FUMS-EM-1-2.0.0".getBytes(StandardCharsets.US_ASCII);
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.ptys().get(0).awaitPty(5000)).isTrue();
            try (PtyLink link = new PtyLink(bus)) {
                List<BroadcastImageTransfer.Target> targets = new ArrayList<>();
                for (int i = 0; i < METERS; i++) {
                    HdlcSettings hdlc = HdlcSettings.client(0x10, 1, 17 + i).withRetries(Duration.ofMillis(300), 10);
                    targets.add(new BroadcastImageTransfer.Target("b-%05d".formatted(i + 1),
                            () -> DlmsClient.overHdlc(link.view(), hdlc, AssociationSettings.none())));
                }
                HdlcBroadcaster broadcaster = new HdlcBroadcaster(link.view(), HdlcAddress.allPhysicalDevices(1, 2),
                        0x10, HdlcSettings.MAX_INFO, 115200 / 10);
                BroadcastResult r = new BroadcastImageTransfer(broadcaster).transfer(id, image, targets);

                assertThat(r.allComplete()).as(r.toString()).isTrue();
                assertThat(r.blocks()).isEqualTo(96);
                assertThat(r.broadcastSends()).isEqualTo(96);
                // 5 % of 10 x 96 block frames: about 48 repaired, each meter its own
                assertThat(r.missingAfterBroadcast()).isBetween(15L, 100L);
                assertThat(r.repairedBlocks()).isGreaterThanOrEqualTo(r.missingAfterBroadcast()).isLessThan(130L);
                for (BroadcastResult.MeterResult m : r.meters()) {
                    assertThat(m.blocksBroadcast()).isEqualTo(96);
                    assertThat(m.missingAfterBroadcast()).isLessThan(30);
                }
                for (int i = 0; i < METERS; i++) {
                    DlmsClient c = DlmsClient.overHdlc(link.view(), HdlcSettings.client(0x10, 1, 17 + i)
                            .withRetries(Duration.ofMillis(300), 10), AssociationSettings.none());
                    ImageTransferClient it = new ImageTransferClient(c);
                    assertThat(it.firstNotTransferredBlock()).isEqualTo(96);
                    it.verify();
                    Conditions.await("meter " + (i + 1) + " verifies the signed image", Duration.ofMillis(5000))
                            .until(it::status, s -> s == ImageTransferStatus.VERIFICATION_SUCCESSFUL);
                    c.close();
                }
            }
        }
    }
}
