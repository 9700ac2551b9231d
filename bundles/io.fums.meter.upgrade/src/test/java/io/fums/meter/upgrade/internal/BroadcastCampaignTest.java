package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.device.DeviceType;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.meter.access.MediumBroadcaster;
import io.fums.meter.access.MeterMedium;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broadcast as a rollout policy (issue 14, first step): eight clear meters
 * on one shared emulated medium losing 2 % of the frames for each meter, a
 * ciphered meter on the same medium and a meter on TCP, in one campaign.
 * The clear meters take every block once by broadcast plus their own few
 * repairs; the ciphered one and the TCP one take theirs point-to-point;
 * every meter ends on the new image. A restart in the middle of the
 * broadcast starts again from the meters' bitmaps, not from block 0.
 */
@Tag("SM-3")
@Tag("ARC-3")
class BroadcastCampaignTest {

    private static final String FIRMWARE = "a".repeat(64);
    private static final int CLEAR = 8;
    private static final int BLOCK = 96;
    private static final int BLOCKS = 96;
    private static final Duration STEP = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();
    private final List<String> meters = new ArrayList<>();

    @BeforeAll
    static void socat() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    }

    /** The emulator: b-00001..8 clear on "bus", c-00001 ciphered on "bus", m-00001 ciphered on TCP. */
    private MeterEmulator emulator(int tcpPort) throws Exception {
        VendorKeys.write(EmulatedMeters.VENDOR.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s", "link": {"frameLossRate": 0.02}}],
                 "defaults": {"verifyMillis": 100, "activateMillis": 50, "selfCheckMillis": 50, "deviceType": "FUMS-EM-1",
                              "blockSize": %d},
                 "groups": [{"id": "b", "count": %d, "medium": "bus", "hdlcAddressBase": 17,
                             "security": {"authentication": "none"}},
                            {"id": "c", "count": 1, "medium": "bus", "hdlcAddressBase": 40},
                            {"id": "m", "count": 1, "tcpPortBase": %d}]}
                """.formatted(dir.resolve("bus"), BLOCK, CLEAR, tcpPort));
        MeterEmulator emu = MeterEmulator.start(PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson()),
                new DlmsSessionRunner(Duration.ofSeconds(30)));
        if (!emu.ptys().get(0).awaitPty(5000)) {
            emu.close();
            throw new IllegalStateException("no pty for the medium");
        }
        return emu;
    }

    /** The DCU: journal, engine, the meters' endpoints and the medium's broadcaster. */
    private final class Dcu implements AutoCloseable {
        final ClosableDatabase db;
        final CampaignEngine engine;

        Dcu(SharedBus bus, SharedBus.Broadcaster broadcaster, int tcpPort, byte[] bytes) throws Exception {
            db = Stores.openDatabase(dir.resolve("dcu"));
            Clock clock = Clock.systemUTC();
            UpgradeJournal journal = new UpgradeJournal(db, clock);
            MeterUpgrader upgrader = new MeterUpgrader(journal, clock, Duration.ofMillis(30), Duration.ofSeconds(10));
            Map<String, MeterEndpoint> endpoints = new HashMap<>();
            DeviceType type = DeviceType.of("FUMS-EM-1");
            meters.clear();
            List<String> onBus = new ArrayList<>();
            for (int i = 0; i <= CLEAR; i++) {
                String id = i < CLEAR ? "b-%05d".formatted(i + 1) : "c-00001";
                HdlcSettings hdlc = HdlcSettings.client(0x10, 1, i < CLEAR ? 17 + i : 40).withRetries(Duration.ofMillis(300), 10);
                AssociationSettings security = i < CLEAR ? AssociationSettings.none() : clients.settings(dir, id);
                endpoints.put(id, new MeterEndpoint(id, type, "bus", () -> DlmsClient.overHdlc(bus.view(), hdlc, security)));
                onBus.add(id);
                meters.add(id);
            }
            AssociationSettings tcp = clients.settings(dir, "m-00001");
            endpoints.put("m-00001", new MeterEndpoint("m-00001", type, "tcp:127.0.0.1:" + tcpPort,
                    () -> DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", tcpPort, Duration.ofSeconds(2)), 0x10, 1, tcp)));
            meters.add("m-00001");
            Set<String> clear = new TreeSet<>(onBus.subList(0, CLEAR));
            BroadcastPhase.Media media = new BroadcastPhase.Media() {
                @Override
                public Optional<MeterMedium> medium(String meterId) {
                    return onBus.contains(meterId) ? Optional.of(new MeterMedium("bus", onBus, clear)) : Optional.empty();
                }

                @Override
                public MediumBroadcaster broadcaster(String meterId) {
                    return broadcaster;
                }
            };
            CampaignStore store = new CampaignStore(db, clock);
            store.stage(new StagedFirmware(FIRMWARE, "em-fw", FirmwareVersion.parse("2.0.0"), "emu", List.of(type), Map.of(),
                    "b".repeat(64), bytes.length, Instant.now()), "c".repeat(64));
            engine = new CampaignEngine(store, journal, upgrader, clock, 8, id -> Optional.ofNullable(endpoints.get(id)),
                    sha -> bytes, new CampaignListener() { }, Stores.auditLog(db, clock), meter -> null, media);
        }

        void create(String id, String transfer) throws FumsException {
            CampaignSpec spec = new CampaignSpec(id, FIRMWARE, meters, null, ActivationPolicy.immediately(),
                    new RolloutPolicy(List.of("rest"), 1, 4, Duration.ofMillis(100), Duration.ofMillis(400), "50%", transfer));
            engine.create(spec, engine.store().firmware(FIRMWARE).orElseThrow(), meters);
        }

        CampaignStatus awaitCompleted(String id) throws FumsException {
            Conditions.await("campaign " + id + " completed", STEP).until(() -> {
                try {
                    return engine.status(id).state() == CampaignState.COMPLETED && !engine.working(id);
                } catch (FumsException e) {
                    return false;
                }
            });
            return engine.status(id);
        }

        @Override
        public void close() {
            engine.close();
            db.close();
        }
    }

    @Test
    void eightClearMetersOnASharedMediumTakeEveryBlockOnceByBroadcastTheOthersPointToPoint() throws Exception {
        int port = FreePorts.base(4);
        byte[] bytes = EmulatedMeters.imageBytes(BLOCKS * BLOCK, 31);
        try (MeterEmulator emu = emulator(port); SharedBus bus = new SharedBus(dir.resolve("bus"))) {
            SharedBus.Broadcaster broadcaster = bus.broadcaster(0);
            try (Dcu dcu = new Dcu(bus, broadcaster, port, bytes)) {
                dcu.create("c-b", RolloutPolicy.AUTO);
                dcu.engine.start("c-b");
                CampaignStatus done = dcu.awaitCompleted("c-b");

                assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, CLEAR + 2);
                for (String m : meters) {
                    assertThat(emu.population().meter(m).status().runningFirmware()).as(m).isEqualTo("2.0.0");
                    boolean byBroadcast = m.startsWith("b-");
                    assertThat(dcu.engine.journal().transitions("c-b", m)).as(m)
                            .anyMatch(t -> t.to() == UpgradeState.TRANSFERRING
                                    && String.valueOf(t.detail()).contains("by broadcast") == byBroadcast);
                }
                UpgradeJournal.BroadcastRun run = dcu.engine.journal().broadcast("c-b", "bus").orElseThrow();
                assertThat(run.done()).isTrue();
                assertThat(run.runs()).isEqualTo(1);
                // every block once, plus a re-broadcast of the few blocks that two meters or more lost
                assertThat(broadcaster.sent.subList(0, BLOCKS)).containsExactlyElementsOf(range(0, BLOCKS));
                assertThat(broadcaster.sent).hasSizeBetween(BLOCKS, BLOCKS + 12);
                assertThat(run.sent()).isEqualTo(broadcaster.sent.size());
                // on the line: blocks x (1 + small repair), not blocks x 8 (the ciphered meter's blocks are not readable)
                assertThat(bus.lineBlocks).hasSizeBetween(BLOCKS, BLOCKS * 3 / 2);
                System.out.printf("broadcast: %d blocks, %d broadcast sends, %d clear block frames on the line%n", BLOCKS,
                        broadcaster.sent.size(), bus.lineBlocks.size());
            }
        }
    }

    @Test
    void withPointToPointTransferEveryClearMeterTakesEveryBlockOnItsOwn() throws Exception {
        int port = FreePorts.base(4);
        byte[] bytes = EmulatedMeters.imageBytes(BLOCKS * BLOCK, 33);
        try (MeterEmulator emu = emulator(port); SharedBus bus = new SharedBus(dir.resolve("bus"))) {
            SharedBus.Broadcaster broadcaster = bus.broadcaster(0);
            try (Dcu dcu = new Dcu(bus, broadcaster, port, bytes)) {
                dcu.create("c-p", RolloutPolicy.POINT_TO_POINT);
                dcu.engine.start("c-p");
                assertThat(dcu.awaitCompleted("c-p").counts()).containsEntry(UpgradeState.SUCCEEDED, CLEAR + 2);
                assertThat(broadcaster.sent).isEmpty();
                assertThat(dcu.engine.journal().broadcast("c-p", "bus")).isEmpty();
                assertThat(bus.lineBlocks).hasSizeGreaterThanOrEqualTo(CLEAR * BLOCKS);
                System.out.printf("point-to-point: %d blocks, %d clear block frames on the line%n", BLOCKS,
                        bus.lineBlocks.size());
            }
        }
    }

    @Test
    @Tag("UC-2")
    void aRestartInTheMiddleOfTheBroadcastSendsAgainOnlyTheBlocksSomeMeterLacks() throws Exception {
        int port = FreePorts.base(4);
        byte[] bytes = EmulatedMeters.imageBytes(BLOCKS * BLOCK, 32);
        int stopAfter = 40;
        try (MeterEmulator emu = emulator(port); SharedBus bus = new SharedBus(dir.resolve("bus"))) {
            SharedBus.Broadcaster first = bus.broadcaster(stopAfter);
            try (Dcu dcu = new Dcu(bus, first, port, bytes)) {
                dcu.create("c-r", RolloutPolicy.AUTO);
                dcu.engine.start("c-r");
                Conditions.await("the broadcast reaches block " + stopAfter, STEP).until(() -> first.stopped.getCount() == 0);
            } // the DCU dies in the middle of the broadcast
            assertThat(first.sent).containsExactlyElementsOf(range(0, stopAfter));
            long lacking = 0;
            for (int i = 1; i <= CLEAR; i++) {
                lacking += stopAfter - emu.population().meter("b-%05d".formatted(i)).status().blocksReceived();
            }
            SharedBus.Broadcaster second = bus.broadcaster(0);
            try (Dcu dcu = new Dcu(bus, second, port, bytes)) {
                UpgradeJournal.BroadcastRun stopped = dcu.engine.journal().broadcast("c-r", "bus").orElseThrow();
                assertThat(stopped.done()).isFalse();
                assertThat(stopped.round()).isEqualTo(1);
                assertThat(stopped.nextBlock()).isEqualTo(stopAfter);
                dcu.engine.recover();
                CampaignStatus done = dcu.awaitCompleted("c-r");

                assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, CLEAR + 2);
                for (String m : meters) {
                    assertThat(emu.population().meter(m).status().runningFirmware()).as(m).isEqualTo("2.0.0");
                }
                UpgradeJournal.BroadcastRun run = dcu.engine.journal().broadcast("c-r", "bus").orElseThrow();
                assertThat(run.runs()).isEqualTo(2);
                assertThat(run.done()).isTrue();
                // blocks from the stop on go out once; of those before it, only ones some meter lacked (never all 40)
                List<Long> resent = second.sent.stream().filter(n -> n < stopAfter).distinct().toList();
                assertThat(second.sent).containsAll(range(stopAfter, BLOCKS));
                assertThat((long) resent.size()).isLessThanOrEqualTo(lacking).isLessThan(stopAfter / 2);
                System.out.printf("restart after block %d of %d: %d broadcast sends after it, %d of them blocks before"
                        + " the stop (the meters lacked %d blocks before it in all)%n", stopAfter, BLOCKS, second.sent.size(),
                        second.sent.stream().filter(n -> n < stopAfter).count(), lacking);
            }
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long n = from; n < to; n++) {
            r.add(n);
        }
        return r;
    }
}
