package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.client.DlmsClient;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignOutcome;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meters whose activation schedule (class 22, 0-0:15.0.2.255) does not
 * behave like the emulator's default, as found against an independent
 * DLMS/COSEM implementation: one that refuses the schedule write, one that
 * has no activation schedule at all. Over real DLMS to emulated meters.
 */
@Tag("SM-9")
@Tag("SM-2")
@Tag("UC-4")
@Tag("UC-6")
class MeterScheduleFaultsTest {

    private static final String CLASS_22 = "0-0:15.0.2.255";

    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    private static RolloutPolicy rollout() {
        return new RolloutPolicy(List.of("rest"), 2, 3, Duration.ofMillis(100), Duration.ofMillis(400), "100%");
    }

    /** Issue 12 item 10: a refusal of the schedule write is final, coded, not retried, and the pending image goes. */
    @Test
    void scheduleWriteRefusalIsFinalAndDiscardsThePendingImage() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 21);
        FirmwareImage image = EmulatedMeters.image(bytes);
        Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        String meters = EmulatedMeters.faults(2, 2, "{\"refuseScheduleWrite\": \"read-write-denied\"}")
                + "," + EmulatedMeters.faults(3, 3, "{\"refuseScheduleWrite\": \"type-unmatched\"}");
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 3, meters),
                     new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            List<String> alarms = Collections.synchronizedList(new ArrayList<>());
            CampaignRunner runner = new CampaignRunner(journal,
                    new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10)),
                    Clock.systemUTC(), 4, (c, m, code, msg) -> alarms.add(m + " " + code));
            CampaignOutcome out = runner.run("c-s", clients.endpoints(dir, base, 3, 3), image, bytes,
                    ActivationPolicy.at(at), rollout());

            assertThat(out.state()).isEqualTo(CampaignOutcome.State.COMPLETED);
            assertThat(journal.job("c-s", "m-00001").orElseThrow().state()).isEqualTo(UpgradeState.SUCCEEDED);
            for (String m : List.of("m-00002", "m-00003")) {
                MeterJob job = journal.job("c-s", m).orElseThrow();
                assertThat(job.state()).as(m + ": " + job.message()).isEqualTo(UpgradeState.REVERTED);
                assertThat(job.errorCode()).as(m + ": " + job.message()).isEqualTo("METER_SCHEDULE_REFUSED");
                List<Transition> t = journal.transitions("c-s", m);
                assertThat(t).extracting(Transition::to).endsWith(UpgradeState.VERIFIED, UpgradeState.FAILED,
                        UpgradeState.REVERTED);
                assertThat(t).filteredOn(x -> x.to() == UpgradeState.FAILED).singleElement()
                        .satisfies(x -> assertThat(x.detail()).contains("refused").contains("pending image discarded"));
                MeterStatus s = emu.population().meter(m).status();
                assertThat(s.events()).as(m + ": asked once, not retried")
                        .filteredOn(e -> e.contains("activation schedule write refused")).hasSize(1);
                assertThat(s.pendingVersion()).as(m + ": pending image discarded").isNull();
                assertThat(s.activationAt()).isZero();
                assertThat(s.runningFirmware()).isEqualTo("1.0.0");
            }
            assertThat(alarms).containsExactlyInAnyOrder("m-00002 METER_SCHEDULE_REFUSED", "m-00003 METER_SCHEDULE_REFUSED");
        }
    }

    /**
     * Issue 12 item 11: cancel clears the schedule only where this campaign
     * wrote one, and completes on a meter without class 22.
     */
    @Test
    @Tag("UMS-1")
    void cancelClearsOnlySchedulesTheCampaignWroteAndCompletesOnAMeterWithoutClass22() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 22);
        FirmwareImage image = EmulatedMeters.image(bytes);
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        ActivationPolicy window = ActivationPolicy.window(now.plusHours(2), now.plusHours(3));
        ActivationPolicy later = ActivationPolicy.at(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        String meters = EmulatedMeters.faults(2, 2, "{\"absentObjects\": [\"" + CLASS_22 + "\"]}");
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 3, meters),
                     new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            MeterUpgrader upgrader = new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10));
            List<MeterEndpoint> endpoints = clients.endpoints(dir, base, 3, 3);
            // m-00001 (has class 22) and m-00002 (has none) wait for a window: no schedule written
            journal.enrol("c-w", List.of("m-00001", "m-00002"));
            // m-00003 waits for a scheduled time: this campaign wrote its schedule
            journal.enrol("c-a", List.of("m-00003"));
            for (int i = 0; i < 3; i++) {
                MeterEndpoint e = endpoints.get(i);
                String campaign = i < 2 ? "c-w" : "c-a";
                try (DlmsClient c = e.connector().open()) {
                    assertThat(upgrader.advance(campaign, e.meterId(), e.deviceType(), image, bytes, i < 2 ? window : later, c))
                            .isEqualTo(MeterUpgrader.Result.WAITING);
                }
            }
            assertThat(journal.job("c-w", "m-00002").orElseThrow().state()).isEqualTo(UpgradeState.VERIFIED);
            assertThat(journal.job("c-a", "m-00003").orElseThrow().state()).isEqualTo(UpgradeState.ACTIVATION_SCHEDULED);
            assertThat(emu.population().meter("m-00003").status().activationAt()).isPositive();

            List<String> alarms = Collections.synchronizedList(new ArrayList<>());
            CampaignRunner.AlarmSink sink = (c, m, code, msg) -> alarms.add(m + " " + code + " " + msg);
            MeterCancel cancel = new MeterCancel(journal, upgrader, rollout());
            cancel.cancel("c-w", endpoints.get(0), image, window, sink);
            cancel.cancel("c-w", endpoints.get(1), image, window, sink);
            cancel.cancel("c-a", endpoints.get(2), image, later, sink);

            assertThat(alarms).isEmpty();
            for (int i = 1; i <= 3; i++) {
                String m = EmulatedMeters.id(i);
                MeterJob job = journal.job(i < 3 ? "c-w" : "c-a", m).orElseThrow();
                assertThat(job.state()).as(m + ": " + job.message()).isEqualTo(UpgradeState.CANCELLED);
                MeterStatus s = emu.population().meter(m).status();
                assertThat(s.pendingVersion()).as(m + ": pending image discarded").isNull();
                assertThat(s.activationAt()).isZero();
                assertThat(s.runningFirmware()).isEqualTo("1.0.0");
            }
            assertThat(emu.population().meter("m-00001").status().events()).as("no schedule written, none cleared")
                    .noneMatch(e -> e.contains("schedule"));
            assertThat(journal.job("c-w", "m-00002").orElseThrow().message()).contains("no activation schedule written");
            assertThat(emu.population().meter("m-00003").status().events())
                    .anyMatch(e -> e.contains("image activation schedule cleared"));
            assertThat(journal.job("c-a", "m-00003").orElseThrow().message()).contains("schedule cleared");
        }
    }

    /** Issue 12 item 11: a schedule the campaign may have written (restart before its journal entry) on a meter without class 22. */
    @Test
    @Tag("UC-2")
    void cancelOfAScheduledCampaignCompletesOnAMeterWithoutClass22() throws Exception {
        int base = FreePorts.base(64);
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 23);
        FirmwareImage image = EmulatedMeters.image(bytes);
        ActivationPolicy window = ActivationPolicy.window(LocalTime.now(ZoneOffset.UTC).plusHours(2),
                LocalTime.now(ZoneOffset.UTC).plusHours(3));
        ActivationPolicy later = ActivationPolicy.at(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(EmulatedMeters.population(dir, base, 1,
                     EmulatedMeters.faults(1, 1, "{\"absentObjects\": [\"" + CLASS_22 + "\"]}")),
                     new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            MeterUpgrader upgrader = new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10));
            MeterEndpoint e = clients.endpoints(dir, base, 1, 1).get(0);
            journal.enrol("c-r", List.of(e.meterId()));
            try (DlmsClient c = e.connector().open()) {
                // brought to VERIFIED (as a campaign does before it writes the schedule), then the DCU "restarts"
                assertThat(upgrader.advance("c-r", e.meterId(), e.deviceType(), image, bytes, window, c))
                        .isEqualTo(MeterUpgrader.Result.WAITING);
            }
            List<String> alarms = Collections.synchronizedList(new ArrayList<>());
            new MeterCancel(journal, upgrader, rollout()).cancel("c-r", e, image, later, (c, m, code, msg) -> alarms.add(code));
            MeterJob job = journal.job("c-r", e.meterId()).orElseThrow();
            assertThat(job.state()).as(job.message()).isEqualTo(UpgradeState.CANCELLED);
            assertThat(job.message()).contains("no activation schedule: nothing to clear").contains("pending image discarded");
            assertThat(alarms).isEmpty();
            assertThat(emu.population().meter(e.meterId()).status().pendingVersion()).isNull();
        }
    }
}
