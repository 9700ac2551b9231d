package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import io.fums.testsupport.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign operations over emulated meters: run to completion with every
 * result and alarm reported, pause and resume, cancel (schedule cleared,
 * pending image discarded), continue after a restart, the error threshold,
 * and refusals of operations in the wrong state.
 */
@Tag("SM-2")
@Tag("SM-5")
@Tag("UMS-1")
@Tag("UMS-2")
@Tag("UMS-3")
class CampaignEngineTest {

    private static final String FIRMWARE = "a".repeat(64);

    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    private final List<MeterJob> results = Collections.synchronizedList(new ArrayList<>());
    private final List<String> alarms = Collections.synchronizedList(new ArrayList<>());
    private final List<CampaignState> states = Collections.synchronizedList(new ArrayList<>());

    private final class Fixture implements AutoCloseable {
        final ClosableDatabase db;
        final AuditLog audit;
        final CampaignEngine engine;

        Fixture(int base, int count, int links, byte[] bytes) throws Exception {
            this(dir.resolve("dcu"), CampaignEngine.SpaceCheck.NONE, base, count, links, bytes);
        }

        Fixture(Path data, CampaignEngine.SpaceCheck space, int base, int count, int links, byte[] bytes) throws Exception {
            db = Stores.openDatabase(data);
            audit = Stores.auditLog(db, Clock.systemUTC());
            Clock clock = Clock.systemUTC();
            UpgradeJournal journal = new UpgradeJournal(db, clock);
            MeterUpgrader upgrader = new MeterUpgrader(journal, clock, Duration.ofMillis(30), Duration.ofSeconds(10));
            endpoints = clients.endpoints(dir, base, count, links).stream()
                    .collect(Collectors.toMap(MeterEndpoint::meterId, e -> e));
            CampaignStore store = new CampaignStore(db, clock);
            store.stage(new StagedFirmware(FIRMWARE, "em-fw", FirmwareVersion.parse("2.0.0"), "emu",
                    List.of(DeviceType.of("FUMS-EM-1")), Map.of(), "b".repeat(64), bytes.length, Instant.now()), "c".repeat(64));
            engine = new CampaignEngine(store, journal, upgrader, clock, 8, id -> Optional.ofNullable(endpoints.get(id)),
                    sha -> bytes, new CampaignListener() {
                        @Override
                        public void progress(CampaignStatus status) {
                            states.add(status.state());
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> meterResult(MeterJob job) {
                            results.add(job);
                            return java.util.concurrent.CompletableFuture.completedStage(null);
                        }

                        @Override
                        public void alarm(String campaign, String meterId, String code, String message) {
                            alarms.add(meterId + " " + code);
                        }
                    }, audit, meter -> null, BroadcastPhase.Media.NONE, space);
        }

        final Map<String, MeterEndpoint> endpoints;

        CampaignStatus create(String id, int count, ActivationPolicy activation, RolloutPolicy rollout) throws FumsException {
            List<String> meters = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                meters.add(EmulatedMeters.id(i));
            }
            CampaignSpec spec = new CampaignSpec(id, FIRMWARE, meters, null, activation, rollout);
            return engine.create(spec, engine.store().firmware(FIRMWARE).orElseThrow(), meters);
        }

        CampaignStatus awaitState(String id, CampaignState state) throws Exception {
            Conditions.await("campaign " + id + " " + state, STEP).until(() -> {
                try {
                    return engine.status(id).state() == state && !engine.working(id);
                } catch (FumsException e) {
                    return false;
                }
            });
            return engine.status(id);
        }

        @Override
        public void close() throws Exception {
            engine.close();
            db.close();
        }
    }

    /** How long a campaign step may take on a loaded machine. */
    private static final Duration STEP = Duration.ofSeconds(60);

    private static RolloutPolicy rollout(List<String> waves, String threshold) {
        return new RolloutPolicy(waves, 2, 4, Duration.ofMillis(100), Duration.ofMillis(400), threshold);
    }

    @Test
    @Tag("SM-3")
    void aCampaignRunsToCompletionAndReportsEveryMeterResultAndAlarm() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(12 * 1024, 11);
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 6, EmulatedMeters.faults(4, 4,
                "{\"failSelfCheck\": true}")), new DlmsSessionRunner(Duration.ofSeconds(30)));
             Fixture f = new Fixture(base, 6, 2, bytes)) {
            assertThat(f.create("c-1", 6, ActivationPolicy.immediately(), rollout(List.of("1", "rest"), "50%")).state())
                    .isEqualTo(CampaignState.CREATED);
            assertThat(f.engine.start("c-1").state()).isEqualTo(CampaignState.RUNNING);
            CampaignStatus done = f.awaitState("c-1", CampaignState.COMPLETED);
            assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, 5).containsEntry(UpgradeState.REVERTED, 1);
            assertThat(done.meters()).hasSize(6);
            assertThat(results).extracting(MeterJob::meterId).containsExactlyInAnyOrder("m-00001", "m-00002", "m-00003", "m-00004",
                    "m-00005", "m-00006");
            assertThat(alarms).containsExactly("m-00004 METER_SELF_CHECK_FAILED");
            assertThat(done.alarms()).hasSize(1);
            // the listener hears COMPLETED after the state is stored (the status above may be read in between)
            Conditions.await("the listener heard COMPLETED", STEP).until(() -> states.contains(CampaignState.COMPLETED));
            assertThat(states).contains(CampaignState.RUNNING, CampaignState.COMPLETED);
            assertThat(emu.population().meter("m-00004").status().runningFirmware()).isEqualTo("1.0.0");
            assertThat(f.audit.query(AuditQuery.all()).stream().map(e -> e.action()).toList())
                    .contains("campaign.create", "campaign.start", "campaign.complete", "alarm");
        }
    }

    @Test
    void pauseStopsAtAJournalledPointAndResumeFinishesWithoutStartingAnyMeterAgain() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(384 * 1024, 12);
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 4, ""),
                new DlmsSessionRunner(Duration.ofSeconds(30)));
             Fixture f = new Fixture(base, 4, 4, bytes)) {
            f.create("c-p", 4, ActivationPolicy.immediately(), rollout(List.of("rest"), "50%"));
            f.engine.start("c-p");
            Conditions.await("first blocks", STEP)
                    .until(() -> emu.population().meter("m-00001").status().blocksReceived() > 0);
            CampaignStatus paused = f.engine.pause("c-p");
            assertThat(paused.state()).isEqualTo(CampaignState.PAUSED);
            assertThat(f.engine.working("c-p")).as("no worker outlives the pause").isFalse();
            long received = emu.population().meter("m-00001").status().blocksReceived();
            Conditions.await("nothing sent while paused").during(Duration.ofMillis(300))
                    .until(() -> emu.population().meter("m-00001").status().blocksReceived() == received);
            f.engine.resume("c-p");
            CampaignStatus done = f.awaitState("c-p", CampaignState.COMPLETED);
            assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, 4);
            for (int i = 1; i <= 4; i++) {
                List<Transition> t = f.engine.journal().transitions("c-p", EmulatedMeters.id(i));
                assertThat(t).filteredOn(x -> x.to() == UpgradeState.INITIATED).hasSize(1);
                assertThat(t).filteredOn(x -> x.to() == UpgradeState.ACTIVATING).hasSize(1);
            }
        }
    }

    @Test
    @Tag("SM-9")
    void cancelBeforeTheScheduledActivationClearsTheScheduleAndDiscardsThePendingImage() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 13);
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 3, ""),
                new DlmsSessionRunner(Duration.ofSeconds(30)));
             Fixture f = new Fixture(base, 3, 3, bytes)) {
            ActivationPolicy at = ActivationPolicy.at(Instant.now().plusSeconds(3600));
            f.create("c-x", 3, at, rollout(List.of("rest"), "50%"));
            assertThat(f.engine.status("c-x").activation()).as("the status says what the meters will wait for").isEqualTo(at);
            f.engine.start("c-x");
            Conditions.await("all scheduled", STEP).until(() -> {
                try {
                    return f.engine.status("c-x").counts().getOrDefault(UpgradeState.ACTIVATION_SCHEDULED, 0) == 3;
                } catch (FumsException e) {
                    return false;
                }
            });
            assertThat(emu.population().meter("m-00002").status().activationAt()).isPositive();
            f.engine.cancel("c-x");
            CampaignStatus cancelled = f.awaitState("c-x", CampaignState.CANCELLED);
            assertThat(cancelled.counts()).containsEntry(UpgradeState.CANCELLED, 3);
            for (int i = 1; i <= 3; i++) {
                MeterStatus s = emu.population().meter(EmulatedMeters.id(i)).status();
                assertThat(s.activationAt()).as("schedule cleared").isZero();
                assertThat(s.pendingVersion()).as("pending image discarded").isNull();
                assertThat(s.transferStatus()).isZero();
                assertThat(s.runningFirmware()).isEqualTo("1.0.0");
            }
            assertThat(results).extracting(MeterJob::state).containsOnly(UpgradeState.CANCELLED);
        }
    }

    @Test
    @Tag("UC-2")
    void aRestartContinuesTheRunningCampaignFromTheJournal() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(256 * 1024, 14);
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 4, ""),
                new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            try (Fixture f = new Fixture(base, 4, 2, bytes)) {
                f.create("c-r", 4, ActivationPolicy.immediately(), rollout(List.of("rest"), "50%"));
                f.engine.start("c-r");
                Conditions.await("first blocks", STEP)
                        .until(() -> emu.population().meter("m-00001").status().blocksReceived() > 10);
            } // the agent stops (DCU restart or bundle swap) in the middle of the transfer
            try (Fixture f = new Fixture(base, 4, 2, bytes)) {
                assertThat(f.engine.status("c-r").state()).isEqualTo(CampaignState.RUNNING);
                f.engine.recover();
                CampaignStatus done = f.awaitState("c-r", CampaignState.COMPLETED);
                assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, 4);
                for (int i = 1; i <= 4; i++) {
                    assertThat(f.engine.journal().transitions("c-r", EmulatedMeters.id(i)))
                            .filteredOn(x -> x.to() == UpgradeState.ACTIVATING).hasSize(1);
                    assertThat(emu.population().meter(EmulatedMeters.id(i)).status().runningFirmware()).isEqualTo("2.0.0");
                }
            }
        }
    }

    @Test
    @Tag("UMS-3")
    void aBadImagePausesTheCampaignAfterTheFirstWaveWithNoMeterBeyondItTouched() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 15);
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 10, EmulatedMeters.faults(1, 10,
                "{\"failSelfCheck\": true}")), new DlmsSessionRunner(Duration.ofSeconds(30)));
             Fixture f = new Fixture(base, 10, 5, bytes)) {
            f.create("c-bad", 10, ActivationPolicy.immediately(), rollout(List.of("2", "rest"), "1"));
            f.engine.start("c-bad");
            CampaignStatus paused = f.awaitState("c-bad", CampaignState.PAUSED);
            assertThat(paused.reason()).contains("2 of 2 meters of wave 1 failed");
            assertThat(paused.counts()).containsEntry(UpgradeState.REVERTED, 2).containsEntry(UpgradeState.PENDING, 8);
            for (int i = 3; i <= 10; i++) {
                assertThat(f.engine.journal().transitions("c-bad", EmulatedMeters.id(i))).isEmpty();
                assertThat(emu.population().meter(EmulatedMeters.id(i)).status().transferStatus()).isZero();
            }
            assertThat(alarms).contains("null CAMPAIGN_THRESHOLD");
        }
    }

    @Test
    void operationsInTheWrongStateAreRefusedAuditedAndChangeNothing() throws Exception {
        int base = FreePorts.base(64);
        try (Fixture f = new Fixture(base, 2, 1, EmulatedMeters.imageBytes(4096, 16))) {
            f.create("c-w", 2, ActivationPolicy.immediately(), rollout(List.of("rest"), "50%"));
            assertThatThrownBy(() -> f.engine.resume("c-w")).isInstanceOf(FumsException.class)
                    .hasMessageContaining("cannot resume campaign c-w: it is CREATED");
            assertThatThrownBy(() -> f.engine.pause("c-w")).hasMessageContaining("it is CREATED");
            assertThatThrownBy(() -> f.create("c-w", 2, ActivationPolicy.immediately(), rollout(List.of("rest"), "50%")))
                    .hasMessageContaining("exists already");
            assertThatThrownBy(() -> f.engine.status("nope")).hasMessageContaining("no campaign nope")
                    .extracting(e -> ((FumsException) e).code()).isEqualTo(io.fums.api.error.ErrorCode.CMD_CAMPAIGN_UNKNOWN);
            assertThat(f.engine.status("c-w").state()).isEqualTo(CampaignState.CREATED);
            assertThat(f.audit.query(AuditQuery.all())).filteredOn(e -> e.action().equals("campaign.resume"))
                    .singleElement().satisfies(e -> assertThat(e.outcome().name()).isEqualTo("REFUSED"));
        }
    }

    /**
     * Issue 15: a scheduled activation leaves out, at creation, the meter whose object list lacks class 22 (its job
     * CANCELLED with METER_NO_ACTIVATION_SCHEDULE, reported, the meter not contacted); a meter never contacted is
     * kept; an immediate activation keeps every meter; a campaign that would leave out every target is refused.
     */
    @Test
    @Tag("SM-9")
    void aScheduledActivationLeavesOutAtCreationTheMeterWithoutAnActivationSchedule() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(4 * 1024, 14);
        try (MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 3, EmulatedMeters.faults(2, 2,
                "{\"absentObjects\": [\"0-0:15.0.2.255\"]}")), new DlmsSessionRunner(Duration.ofSeconds(30)));
             Fixture f = new Fixture(base, 3, 3, bytes)) {
            // what the meters' object lists say (m-00003 was never contacted: unknown)
            Map<String, Boolean> known = new java.util.HashMap<>();
            for (String m : List.of("m-00001", "m-00002")) {
                try (io.fums.dlms.client.DlmsClient c = f.endpoints.get(m).connector().open()) {
                    known.put(m, io.fums.dlms.cosem.ObjectList.decode(c.get(
                            io.fums.dlms.cosem.ObjectList.CURRENT_ASSOCIATION_OBJECT_LIST), 4096).stream()
                            .anyMatch(e -> e.classId() == 22));
                }
            }
            assertThat(known).containsEntry("m-00001", true).containsEntry("m-00002", false);
            ActivationCapabilities.ScheduleSupport support = m -> Optional.ofNullable(known.get(m));
            List<String> all = List.of("m-00001", "m-00002", "m-00003");
            ActivationPolicy at = ActivationPolicy.at(Instant.now().plusSeconds(3600));
            var firmware = f.engine.store().firmware(FIRMWARE).orElseThrow();

            assertThat(ActivationCapabilities.excluded(ActivationPolicy.immediately(), all, support)).isEmpty();
            Map<String, String> excluded = ActivationCapabilities.excluded(at, all, support);
            assertThat(excluded).containsOnlyKeys("m-00002");
            CampaignStatus created = f.engine.create(new CampaignSpec("c-s", FIRMWARE, all, null, at,
                    rollout(List.of("rest"), "50%")), firmware, all, excluded);

            assertThat(created.state()).isEqualTo(CampaignState.CREATED);
            assertThat(created.meters()).filteredOn(j -> j.meterId().equals("m-00002")).singleElement().satisfies(j -> {
                assertThat(j.state()).isEqualTo(UpgradeState.CANCELLED);
                assertThat(j.errorCode()).isEqualTo("METER_NO_ACTIVATION_SCHEDULE");
                assertThat(j.message()).contains("class 22");
            });
            assertThat(created.counts()).containsEntry(UpgradeState.PENDING, 2);
            Conditions.await("the left-out meter reported", STEP).until(() -> results.stream()
                    .anyMatch(j -> j.meterId().equals("m-00002") && j.state() == UpgradeState.CANCELLED));
            assertThat(emu.population().meter("m-00002").status().blocksReceived()).as("not contacted").isZero();

            List<String> lacking = List.of("m-00002");
            assertThatThrownBy(() -> f.engine.create(new CampaignSpec("c-none", FIRMWARE, lacking, null, at,
                    rollout(List.of("rest"), "50%")), firmware, lacking, ActivationCapabilities.excluded(at, lacking,
                    support))).isInstanceOfSatisfying(FumsException.class,
                            e -> assertThat(e.code().name()).isEqualTo("METER_NO_ACTIVATION_SCHEDULE"));
            assertThatThrownBy(() -> f.engine.status("c-none")).as("nothing created").isInstanceOf(FumsException.class);
            assertThat(f.audit.query(AuditQuery.builder().action("campaign.create").build()))
                    .anySatisfy(e -> assertThat(e.reason()).isEqualTo("METER_NO_ACTIVATION_SCHEDULE"));
        }
    }

    /**
     * Issue 16: the data folder's disk fills up (another writer takes every byte) while the meters take their images,
     * so the journal cannot be written (STORAGE_FULL). The campaign is neither paused (an operator would have to
     * resume it, and the pause itself cannot be written) nor completed with meters half done: it waits, running,
     * and once space returns it continues from its journal by itself, every meter upgraded once.
     */
    @Test
    @Tag("UC-4")
    @Tag("ARC-4")
    void aCampaignThatMeetsAFullDiskWaitsForSpaceAndContinuesByItself() throws Exception {
        SmallDisk small;
        try {
            small = SmallDisk.mount(dir.resolve("disk"), "16m");
        } catch (SmallDisk.Unavailable e) {
            Assumptions.abort("no small file system to fill: " + e.getMessage());
            return;
        }
        Path filler = small.dir().resolve("filler.bin");
        CampaignEngine.SpaceCheck space = what -> {
            try {
                if (Files.getFileStore(small.dir()).getUsableSpace() < 256 * 1024) {
                    throw new FumsException(ErrorCode.STORAGE_FULL, what + " refused: the disk is full");
                }
            } catch (IOException e) {
                throw new FumsException(ErrorCode.STORAGE_FAILED, e.getMessage(), e);
            }
        };
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(384 * 1024, 16);
        try (small;
             MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 2, ""),
                     new DlmsSessionRunner(Duration.ofSeconds(30)));
             Fixture f = new Fixture(small.dir().resolve("dcu"), space, base, 2, 2, bytes)) {
            f.create("c-full", 2, ActivationPolicy.immediately(), rollout(List.of("rest"), "50%"));
            f.engine.start("c-full");
            Conditions.await("first blocks", STEP)
                    .until(() -> emu.population().meter("m-00001").status().blocksReceived() > 0);
            small.fill(filler);
            Conditions.await("the campaign waits for space, running").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> f.engine.working("c-full") && f.engine.status("c-full").state() == CampaignState.RUNNING);
            Files.delete(filler);
            CampaignStatus done = f.awaitState("c-full", CampaignState.COMPLETED);
            assertThat(done.counts()).containsEntry(UpgradeState.SUCCEEDED, 2);
            for (int i = 1; i <= 2; i++) {
                assertThat(emu.population().meter(EmulatedMeters.id(i)).status().upgradesSucceeded()).isEqualTo(1);
                assertThat(f.engine.journal().transitions("c-full", EmulatedMeters.id(i)))
                        .filteredOn(x -> x.to() == UpgradeState.ACTIVATING).hasSize(1);
            }
            Conditions.await("both results reported", STEP).until(() -> results.size() == 2);
            assertThat(alarms).isEmpty();
        }
    }
}
