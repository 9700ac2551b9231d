package io.fums.emulator.meter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.BroadcastImageTransfer;
import io.fums.dlms.client.BroadcastResult;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.SecuritySetupClient;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.SecuritySetup.KeyId;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ciphered broadcast (Green Book broadcast key) to emulated meters with the
 * default security (HLS-GMAC, suite 0 ciphering) on one shared medium behind
 * a socat pty losing 2 % of the frames per meter: the meters of the medium
 * share its broadcast keys (their unicast keys stay their own), take every block by a
 * broadcast ciphered with it, and each gets only its lost blocks
 * point-to-point over its own ciphered association.
 */
@Tag("SEC-3")
@Tag("SM-3")
class EmulatorCipheredBroadcastTest {

    static final int METERS = 6;
    static final int BLOCK = 256;
    private static final byte[] TITLE = HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE);
    @TempDir Path dir;

    @BeforeAll
    static void socat() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    }

    @Test
    void cipheringMetersOfAMediumTakeOneCipheredBroadcast() throws Exception {
        Path bus = dir.resolve("bus");
        Path file = dir.resolve("population.json");
        Files.writeString(file, """
                {"stateDir": "state",
                 "media": [{"id": "bus", "pty": "%s", "link": {"baud": 115200, "frameLossRate": 0.02}}],
                 "defaults": {"blockSize": %d},
                 "groups": [{"id": "c", "count": %d, "medium": "bus", "hdlcAddressBase": 17}]}
                """.formatted(bus, BLOCK, METERS));
        PopulationConfig config = PopulationConfig.load(file, MeterStore.newGson());
        byte[] image = new byte[64 * BLOCK];
        new Random(3).nextBytes(image);
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.ptys().get(0).awaitPty(5000)).isTrue();
            MeterSecurity first = emu.population().plan("c-00001").security();
            assertThat(first.ciphering()).isTrue();
            assertThat(first.broadcastKey()).as("a ciphering meter on a medium has the medium's broadcast key")
                    .hasSize(16);
            try (PtyLink link = new PtyLink(bus)) {
                List<BroadcastImageTransfer.Target> targets = new ArrayList<>();
                for (int i = 0; i < METERS; i++) {
                    MeterSecurity s = emu.population().plan("c-%05d".formatted(i + 1)).security();
                    assertThat(s.broadcastKey()).isEqualTo(first.broadcastKey());
                    assertThat(s.broadcastAuthenticationKey()).isEqualTo(first.broadcastAuthenticationKey());
                    if (i > 0) {
                        assertThat(s.authenticationKey()).as("unicast keys stay the meter's own")
                                .isNotEqualTo(first.authenticationKey());
                    }
                    HdlcSettings hdlc = HdlcSettings.client(0x10, 1, 17 + i).withRetries(Duration.ofMillis(300), 10);
                    AssociationSettings a = s.clientSettings(TITLE).withCounters(new InvocationCounters())
                            .withResponseTimeout(Duration.ofSeconds(5));
                    targets.add(new BroadcastImageTransfer.Target("c-%05d".formatted(i + 1),
                            () -> DlmsClient.overHdlc(link.view(), hdlc, a), true));
                }
                HdlcBroadcaster broadcaster = new HdlcBroadcaster(link.view(), HdlcAddress.allPhysicalDevices(1, 2),
                        0x10, HdlcSettings.MAX_INFO, 115200 / 10);
                InvocationCounters sent = new InvocationCounters();
                BroadcastResult r = new BroadcastImageTransfer(broadcaster)
                        .withCipher(new BroadcastChannel(TITLE, first.broadcastKey(),
                                first.broadcastAuthenticationKey(), sent, 0))
                        .transfer("FW-CBCAST".getBytes(java.nio.charset.StandardCharsets.US_ASCII), image, targets);

                assertThat(r.allComplete()).as(r.toString()).isTrue();
                assertThat(sent.nextToSend()).isEqualTo(1 + 64);
                for (BroadcastResult.MeterResult m : r.meters()) {
                    assertThat(m.blocksBroadcast()).isEqualTo(64);
                    assertThat(m.missingAfterBroadcast()).as("2 %% loss: a few blocks, not the image").isLessThan(12);
                }
            }
        }
    }

    static byte[] block(int n) {
        return new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(1), ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(n, new byte[16]).toDataValue()).encode();
    }

    @Test
    @Tag("SEC-1")
    void aBroadcastKeyTransferredWithKeyId1IsUsedFromTheNextAssociationAndTheOldOneIsRefused() throws Exception {
        Path bus = dir.resolve("bus");
        Path file = dir.resolve("population.json");
        Files.writeString(file, """
                {"stateDir": "state", "media": [{"id": "bus", "pty": "%s"}], "defaults": {"blockSize": 16},
                 "groups": [{"id": "k", "count": 1, "medium": "bus", "hdlcAddressBase": 17}]}
                """.formatted(bus));
        PopulationConfig config = PopulationConfig.load(file, MeterStore.newGson());
        byte[] newKey = HexFormat.of().parseHex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF");
        byte[] master = MeterKeys.load(dir.resolve("state")).masterKey("k-00001");
        // a 1 s inactivity timeout: on a medium the meter's session, and the keys it runs with, renew when it ends
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(1)))) {
            assertThat(emu.ptys().get(0).awaitPty(5000)).isTrue();
            try (PtyLink link = new PtyLink(bus)) {
                transferAndUse(emu, link, master, newKey);
            }
        }
    }

    private static void transferAndUse(MeterEmulator emu, PtyLink link, byte[] master, byte[] newKey)
            throws Exception {
        MeterSecurity s = emu.population().plan("k-00001").security();
        AssociationSettings a = s.clientSettings(TITLE).withCounters(new InvocationCounters())
                .withResponseTimeout(Duration.ofSeconds(5));
        HdlcSettings hdlc = HdlcSettings.client(0x10, 1, 17).withRetries(Duration.ofMillis(300), 10);
        HdlcBroadcaster all = new HdlcBroadcaster(link.view(), HdlcAddress.allPhysicalDevices(1, 2), 0x10,
                HdlcSettings.MAX_INFO, 0);
        InvocationCounters sent = new InvocationCounters();
        BroadcastChannel old = new BroadcastChannel(TITLE, s.broadcastKey(), s.broadcastAuthenticationKey(), sent, 0);
        BroadcastChannel fresh = new BroadcastChannel(TITLE, newKey, s.broadcastAuthenticationKey(), sent, 0);
        try (DlmsClient c = DlmsClient.overHdlc(link.view(), hdlc, a)) {
            new SecuritySetupClient(c).transferKeys(master, Map.of(KeyId.GLOBAL_BROADCAST_ENCRYPTION, newKey));
            ImageTransferClient it = new ImageTransferClient(c);
            it.enable(true);
            it.initiate(new byte[] {'K'}, 48);
            all.send(old.protect(block(0)));
            assertThat(it.transferredBlocks().get(0)).as("the old key holds within this session").isTrue();
        }
        Conditions.await("the meter's next session runs with the transferred broadcast key")
                .until(() -> emu.population().meter("k-00001").status().events().stream()
                        .anyMatch(e -> e.contains("transferred broadcast key in use")));
        try (DlmsClient c = DlmsClient.overHdlc(link.view(), hdlc, a)) {
            ImageTransferClient it = new ImageTransferClient(c);
            all.send(old.protect(block(1)));
            assertThat(it.transferredBlocks().get(1)).as("the old broadcast key is refused").isFalse();
            all.send(fresh.protect(block(1)));
            assertThat(it.transferredBlocks().get(1)).as("the new one is taken").isTrue();
        }
    }
}
