package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.TcpLink;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignOutcome;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.FreePorts;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns over emulated meters: waves, concurrency per link, retries after a power cut, the error threshold. */
@Tag("SM-2")
@Tag("SM-5")
@Tag("UMS-1")
@Tag("UMS-2")
@Tag("ARC-2")
class CampaignRunnerTest {

    @TempDir
    Path dir;

    private PopulationConfig population(int base, int count, String meters) throws Exception {
        return EmulatedMeters.population(dir, base, count, meters);
    }

    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    private List<MeterEndpoint> endpoints(int base, int count, int links) throws java.io.IOException {
        return clients.endpoints(dir, base, count, links);
    }

    private static FirmwareImage image(byte[] bytes) {
        return EmulatedMeters.image(bytes);
    }

    @Test
    @Tag("SM-3")
    @Tag("UC-5")
    @Tag("UC-6")
    void aCampaignInWavesUpgradesHealthyMetersAndRevertsAndAlarmsTheFaultyOne() throws Exception {
        int base = FreePorts.base(64);
        int count = 12;
        PopulationConfig config = population(base, count,
                "{\"id\": \"m-00011\", \"faults\": {\"failSelfCheck\": true}},"
                        + "{\"id\": \"m-00007\", \"faults\": {\"powerCutAt\": \"TRANSFER\", \"powerCutAfterBlocks\": 5, \"powerOffMillis\": 400}}");
        byte[] bytes = EmulatedMeters.imageBytes(16 * 1024, 5);
        RolloutPolicy rollout = new RolloutPolicy(List.of("1", "25%", "rest"), 2, 6, Duration.ofMillis(200), Duration.ofSeconds(1), "50%");
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            CampaignRunner runner = new CampaignRunner(journal,
                    new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10)), Clock.systemUTC(), 8);
            CampaignOutcome out = runner.run("c-waves", endpoints(base, count, 3), image(bytes), bytes,
                    ActivationPolicy.immediately(), rollout);
            assertThat(out.state()).isEqualTo(CampaignOutcome.State.COMPLETED);
            assertThat(out.wavesRun()).isEqualTo(3);
            assertThat(out.counts()).containsEntry(UpgradeState.SUCCEEDED, 11).containsEntry(UpgradeState.REVERTED, 1);
            MeterJob faulty = journal.job("c-waves", "m-00011").orElseThrow();
            assertThat(faulty.errorCode()).isEqualTo("METER_SELF_CHECK_FAILED");
            assertThat(out.alarms()).anyMatch(a -> a.startsWith("failed upgrade process: meter m-00011"));
            assertThat(emu.population().meter("m-00011").status().runningFirmware()).isEqualTo("1.0.0");
            assertThat(emu.population().meter("m-00007").status().runningFirmware()).as("resumed after its power cut")
                    .isEqualTo("2.0.0");
            assertThat(journal.transitions("c-waves", "m-00007")).extracting(t -> t.to())
                    .doesNotContain(UpgradeState.FAILED);
        }
    }

    @Test
    void aBadImagePausesTheCampaignAfterTheCanaryWithNoOtherMeterTouched() throws Exception {
        int base = FreePorts.base(64);
        int count = 6;
        PopulationConfig config = population(base, count, EmulatedMeters.faults(1, count, "{\"failSelfCheck\": true}"));
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 6);
        RolloutPolicy rollout = new RolloutPolicy(List.of("1", "rest"), 2, 3, Duration.ofMillis(100), Duration.ofMillis(400), "1");
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            CampaignRunner runner = new CampaignRunner(journal,
                    new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10)), Clock.systemUTC(), 4);
            CampaignOutcome out = runner.run("c-bad", endpoints(base, count, 2), image(bytes), bytes, ActivationPolicy.immediately(), rollout);
            assertThat(out.state()).isEqualTo(CampaignOutcome.State.PAUSED);
            assertThat(out.wavesRun()).isEqualTo(1);
            assertThat(out.alarms()).anyMatch(a -> a.contains("paused: 1 of 1 meters of wave 1 failed"));
            assertThat(journal.job("c-bad", "m-00001").orElseThrow().state()).isEqualTo(UpgradeState.REVERTED);
            for (int i = 2; i <= count; i++) {
                String id = String.format("m-%05d", i);
                assertThat(journal.job("c-bad", id).orElseThrow().state()).as(id).isEqualTo(UpgradeState.PENDING);
                assertThat(journal.transitions("c-bad", id)).as(id).isEmpty();
                assertThat(emu.population().meter(id).status().runningFirmware()).isEqualTo("1.0.0");
            }
        }
    }

    @Test
    @Tag("UMS-2")
    void aCampaignCutShortByARestartCompletesFromTheJournalWithNoMeterActivatedTwice() throws Exception {
        int base = FreePorts.base(64);
        int count = 8;
        PopulationConfig config = population(base, count, "");
        byte[] bytes = EmulatedMeters.imageBytes(24 * 1024, 7);
        RolloutPolicy rollout = new RolloutPolicy(List.of("rest"), 2, 6, Duration.ofMillis(100), Duration.ofMillis(400), "50%");
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            for (int cut = 0; cut < 3; cut++) {
                try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"))) {
                    UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
                    CampaignRunner runner = new CampaignRunner(journal,
                            new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10)), Clock.systemUTC(), 8);
                    Thread t = new Thread(() -> {
                        try {
                            runner.run("c-restart", endpoints(base, count, 4), image(bytes), bytes, ActivationPolicy.immediately(), rollout);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "campaign");
                    t.start();
                    Thread.sleep(250 + 150L * cut); // the behaviour under test: the DCU goes down at varying moments
                    t.interrupt(); // the DCU goes down in the middle of the campaign
                    t.join(30_000);
                    assertThat(t.isAlive()).isFalse();
                    if (cut == 0) {
                        long finished = journal.jobs("c-restart").stream().filter(j -> j.state().isFinal()).count();
                        assertThat(finished).as("the first cut comes in the middle of the campaign").isLessThan(count);
                    }
                }
            }
            try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"))) {
                UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
                CampaignRunner runner = new CampaignRunner(journal,
                        new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofSeconds(10)), Clock.systemUTC(), 8);
                CampaignOutcome out = runner.run("c-restart", endpoints(base, count, 4), image(bytes), bytes,
                        ActivationPolicy.immediately(), rollout);
                assertThat(out.state()).isEqualTo(CampaignOutcome.State.COMPLETED);
                assertThat(out.counts()).containsEntry(UpgradeState.SUCCEEDED, count);
                for (int i = 1; i <= count; i++) {
                    String id = String.format("m-%05d", i);
                    assertThat(emu.population().meter(id).status().runningFirmware()).as(id).isEqualTo("2.0.0");
                    assertThat(journal.transitions("c-restart", id)).as(id + " activated once")
                            .filteredOn(tr -> tr.to() == UpgradeState.ACTIVATING).hasSize(1);
                }
            }
        }
    }
}
