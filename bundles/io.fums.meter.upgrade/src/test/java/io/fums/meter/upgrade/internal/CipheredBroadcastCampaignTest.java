package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterKeys;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.meter.access.MediumBroadcaster;
import io.fums.meter.access.MeterMedium;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ciphered broadcast in a campaign (issue 14, SEC-3): four ciphering meters holding the medium's broadcast key and
 * two meters in clear on one shared emulated medium losing 2 % of the frames for each meter. The ciphering meters
 * take every block by one broadcast glo-ciphered with the broadcast key plus their own repairs, the clear ones by
 * the clear broadcast; no meter refuses a broadcast counter; all end on the new image. Without a broadcast key in
 * the DCU, ciphering meters are left to point-to-point.
 */
@Tag("SM-3")
@Tag("SEC-3")
class CipheredBroadcastCampaignTest {

    private static final String FIRMWARE = "a".repeat(64);
    private static final int BLOCK = 96;
    private static final int BLOCKS = 64;

    @TempDir
    Path dir;

    @Test
    void cipheringMetersWithTheKeyTakeOneCipheredBroadcastPlusRepairs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
        VendorKeys.write(EmulatedMeters.VENDOR.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s", "link": {"frameLossRate": 0.02}}],
                 "defaults": {"verifyMillis": 100, "activateMillis": 50, "selfCheckMillis": 50, "deviceType": "FUMS-EM-1",
                              "blockSize": %d},
                 "groups": [{"id": "b", "count": 2, "medium": "bus", "hdlcAddressBase": 17,
                             "security": {"authentication": "none"}},
                            {"id": "c", "count": 4, "medium": "bus", "hdlcAddressBase": 40}]}
                """.formatted(dir.resolve("bus"), BLOCK));
        byte[] bytes = EmulatedMeters.imageBytes(BLOCKS * BLOCK, 41);
        EmulatedMeters.Clients clients = new EmulatedMeters.Clients();
        try (MeterEmulator emu = MeterEmulator.start(PopulationConfig.load(dir.resolve("population.json"),
                MeterStore.newGson()), new DlmsSessionRunner(Duration.ofSeconds(30)));
             SharedBus bus = awaitPty(emu);
             ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"))) {
            MeterKeys seed = MeterKeys.load(dir.resolve("state"));
            SharedBus.Broadcaster out = bus.broadcaster(0, new BroadcastChannel(
                    HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE), seed.broadcastKey("bus"),
                    seed.broadcastAuthenticationKey("bus"), new InvocationCounters(), 0));
            List<String> onBus = List.of("b-00001", "b-00002", "c-00001", "c-00002", "c-00003", "c-00004");
            Map<String, MeterEndpoint> endpoints = new HashMap<>();
            DeviceType type = DeviceType.of("FUMS-EM-1");
            for (int i = 0; i < onBus.size(); i++) {
                String id = onBus.get(i);
                HdlcSettings hdlc = HdlcSettings.client(0x10, 1, i < 2 ? 17 + i : 40 + i - 2)
                        .withRetries(Duration.ofMillis(300), 10);
                AssociationSettings security = i < 2 ? AssociationSettings.none() : clients.settings(dir, id);
                endpoints.put(id, new MeterEndpoint(id, type, "bus", () -> DlmsClient.overHdlc(bus.view(), hdlc,
                        security)));
            }
            MeterMedium medium = new MeterMedium("bus", onBus, Set.of("b-00001", "b-00002"), Set.copyOf(onBus.subList(2,
                    6)));
            Clock clock = Clock.systemUTC();
            UpgradeJournal journal = new UpgradeJournal(db, clock);
            MeterUpgrader upgrader = new MeterUpgrader(journal, clock, Duration.ofMillis(30), Duration.ofSeconds(10));
            CampaignStore store = new CampaignStore(db, clock);
            store.stage(new StagedFirmware(FIRMWARE, "em-fw", FirmwareVersion.parse("2.0.0"), "emu", List.of(type),
                    Map.of(), "b".repeat(64), bytes.length, Instant.now()), "c".repeat(64));
            try (CampaignEngine engine = new CampaignEngine(store, journal, upgrader, clock, 8,
                    id -> Optional.ofNullable(endpoints.get(id)), sha -> bytes, new CampaignListener() { },
                    Stores.auditLog(db, clock), meter -> null, media(medium, out))) {
                engine.create(new CampaignSpec("c-x", FIRMWARE, onBus, null, ActivationPolicy.immediately(),
                        new RolloutPolicy(List.of("rest"), 1, 4, Duration.ofMillis(100), Duration.ofMillis(400), "50%",
                                RolloutPolicy.AUTO)), store.firmware(FIRMWARE).orElseThrow(), onBus);
                engine.start("c-x");
                Conditions.await("campaign c-x completed", Duration.ofSeconds(90)).until(() ->
                        engine.status("c-x").state() == CampaignState.COMPLETED && !engine.working("c-x"));
                assertThat(engine.status("c-x").counts()).containsEntry(UpgradeState.SUCCEEDED, onBus.size());
                for (String m : onBus) {
                    assertThat(emu.population().meter(m).status().runningFirmware()).as(m).isEqualTo("2.0.0");
                    assertThat(emu.population().meter(m).status().replaysRefused()).as(m).isZero();
                    assertThat(journal.transitions("c-x", m)).as(m).anyMatch(t -> t.to() == UpgradeState.TRANSFERRING
                            && String.valueOf(t.detail()).contains("by broadcast"));
                }
                UpgradeJournal.BroadcastRun ciphered = journal.broadcast("c-x", "bus" + BroadcastPhase.CIPHERED)
                        .orElseThrow();
                assertThat(ciphered.done()).isTrue();
                assertThat(journal.broadcast("c-x", "bus").orElseThrow().done()).isTrue();
                // two broadcasts (clear and ciphered), each every block once plus a few re-broadcasts
                assertThat(out.sent).hasSizeBetween(2 * BLOCKS, 2 * BLOCKS + 16);
                System.out.printf("ciphered broadcast: %d blocks to 4 ciphering and 2 clear meters, %d broadcast sends"
                        + " (%d ciphered)%n", BLOCKS, out.sent.size(), ciphered.sent());
            }
        }
    }

    @Test
    void withoutABroadcastKeyCipheringMetersAreLeftToPointToPoint() throws Exception {
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            List<String> onBus = List.of("c-00001", "c-00002", "c-00003");
            BroadcastPhase phase = new BroadcastPhase(journal, null, media(new MeterMedium("bus", onBus, Set.of()),
                    null));
            List<MeterEndpoint> wave = new ArrayList<>();
            for (String id : onBus) {
                wave.add(new MeterEndpoint(id, DeviceType.of("FUMS-EM-1"), "bus", () -> {
                    throw new AssertionError("not contacted");
                }));
            }
            assertThat(phase.groups("c-y", wave, id -> true)).isEmpty();
        }
    }

    private SharedBus awaitPty(MeterEmulator emu) throws Exception {
        assertThat(emu.ptys().get(0).awaitPty(5000)).as("the medium's pty").isTrue();
        return new SharedBus(dir.resolve("bus"));
    }

    private static BroadcastPhase.Media media(MeterMedium medium, MediumBroadcaster out) {
        return new BroadcastPhase.Media() {
            @Override
            public Optional<MeterMedium> medium(String meterId) {
                return medium.meters().contains(meterId) ? Optional.of(medium) : Optional.empty();
            }

            @Override
            public MediumBroadcaster broadcaster(String meterId) {
                return out;
            }
        };
    }
}
