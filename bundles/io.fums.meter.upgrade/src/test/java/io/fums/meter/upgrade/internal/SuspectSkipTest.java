package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignOutcome;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suspect meter is skipped by campaigns until an operator clears it
 * (issue 13, SEC-8): its job ends CANCELLED with METER_SUSPECT and the
 * reason in the history, the meter is never contacted, and the others of its
 * wave are upgraded; once cleared, the next campaign upgrades it.
 */
@Tag("SEC-8")
@Tag("SM-5")
class SuspectSkipTest {

    @TempDir
    Path dir;

    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    @Test
    void aSuspectMeterIsSkippedWithItsReasonAndUpgradedByTheNextCampaignOnceCleared() throws Exception {
        int base = FreePorts.base(8);
        PopulationConfig config = EmulatedMeters.population(dir, base, 3, "");
        byte[] bytes = EmulatedMeters.imageBytes(4 * 1024, 9);
        RolloutPolicy rollout = new RolloutPolicy(List.of("rest"), 3, 3, Duration.ofMillis(100), Duration.ofMillis(400), "1");
        Map<String, String> suspects = new ConcurrentHashMap<>(Map.of("m-00002", "CLOCK_DRIFT: meter clock is 3600 s ahead"));
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            CampaignRunner runner = new CampaignRunner(journal,
                    new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10)),
                    Clock.systemUTC(), 4, (c, m, code, msg) -> { }, suspects::get);
            CampaignOutcome out = runner.run("c-1", clients.endpoints(dir, base, 3, 1), EmulatedMeters.image(bytes), bytes,
                    ActivationPolicy.immediately(), rollout);

            assertThat(out.state()).as("a skipped meter is no failure of the wave").isEqualTo(CampaignOutcome.State.COMPLETED);
            MeterJob skipped = journal.job("c-1", "m-00002").orElseThrow();
            assertThat(skipped.state()).isEqualTo(UpgradeState.CANCELLED);
            assertThat(skipped.errorCode()).isEqualTo("METER_SUSPECT");
            assertThat(journal.transitions("c-1", "m-00002")).singleElement().satisfies(t -> {
                assertThat(t.to()).isEqualTo(UpgradeState.CANCELLED);
                assertThat(t.detail()).contains("suspect").contains("CLOCK_DRIFT").contains("meters.clear-suspect");
            });
            assertThat(emu.population().meter("m-00002").status().blocksReceived()).as("not contacted").isZero();
            assertThat(emu.population().meter("m-00002").status().runningFirmware()).isEqualTo("1.0.0");
            assertThat(emu.population().meter("m-00001").status().runningFirmware()).isEqualTo("2.0.0");
            assertThat(emu.population().meter("m-00003").status().runningFirmware()).isEqualTo("2.0.0");

            suspects.remove("m-00002"); // an operator cleared it
            CampaignOutcome next = runner.run("c-2", clients.endpoints(dir, base, 3, 1).subList(1, 2),
                    EmulatedMeters.image(bytes), bytes, ActivationPolicy.immediately(), rollout);
            assertThat(next.state()).isEqualTo(CampaignOutcome.State.COMPLETED);
            assertThat(journal.job("c-2", "m-00002").orElseThrow().state()).isEqualTo(UpgradeState.SUCCEEDED);
            assertThat(emu.population().meter("m-00002").status().runningFirmware()).isEqualTo("2.0.0");
        }
    }
}
