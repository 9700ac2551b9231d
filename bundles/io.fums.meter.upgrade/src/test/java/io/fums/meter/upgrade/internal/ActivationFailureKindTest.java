package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.TcpLink;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, status 7 split: under a scheduled activation, a meter that refuses to activate at the time and one
 * that activates, fails its self-check and reverts both end with image_transfer_status 7; the agent tells them
 * apart by the image the meter still holds for activation and reports each with its own code
 * ({@code METER_ACTIVATION_FAILED}, {@code METER_SELF_CHECK_FAILED}). Emulated meters with the faults
 * {@code refuseActivation} and {@code failSelfCheck}.
 */
@Tag("SM-2")
@Tag("SM-9")
@Tag("UC-5")
@Tag("UC-6")
class ActivationFailureKindTest {

    private static final String CAMPAIGN = "c-7";
    private static final String REFUSES = "m-00001";
    private static final String SELF_CHECK_FAILS = "m-00002";
    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    @Test
    void aScheduledActivationRefusedAndOneWhoseSelfCheckFailedEndWithDistinctCodes() throws Exception {
        int base = FreePorts.base(8);
        PopulationConfig config = EmulatedMeters.population(dir, base, 2, EmulatedMeters.faults(1, 1,
                "{\"refuseActivation\": true}") + "," + EmulatedMeters.faults(2, 2, "{\"failSelfCheck\": true}"));
        byte[] bytes = EmulatedMeters.imageBytes(8 * 1024, 4);
        FirmwareImage image = EmulatedMeters.image(bytes);
        List<String> meters = List.of(REFUSES, SELF_CHECK_FAILS);
        // late enough for both transfers and schedule writes on a loaded machine (4 helpers on 2 cores)
        ActivationPolicy policy = ActivationPolicy.at(Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS));
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            MeterUpgrader upgrader = new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(10));
            journal.enrol(CAMPAIGN, meters);
            for (int i = 0; i < meters.size(); i++) {
                try (DlmsClient c = client(base + i, meters.get(i))) {
                    assertThat(upgrader.advance(CAMPAIGN, meters.get(i), DeviceType.of("FUMS-EM-1"), image, bytes, policy, c))
                            .isEqualTo(MeterUpgrader.Result.WAITING);
                }
            }
            Conditions.await("both meters' activation failed at its time").until(() -> meters.stream()
                    .allMatch(m -> emu.population().meter(m).status().transferStatus() == 7));
            for (int i = 0; i < meters.size(); i++) {
                try (DlmsClient c = client(base + i, meters.get(i))) {
                    assertThat(upgrader.advance(CAMPAIGN, meters.get(i), DeviceType.of("FUMS-EM-1"), image, bytes, policy, c))
                            .isEqualTo(MeterUpgrader.Result.FINAL);
                }
            }
            MeterJob refused = job(journal, emu, REFUSES);
            assertThat(refused.errorCode()).as(refused.message()).isEqualTo("METER_ACTIVATION_FAILED");
            assertThat(journal.transitions(CAMPAIGN, REFUSES)).anySatisfy(t -> assertThat(t.detail())
                    .contains("activation refused by the meter").contains("still holds the verified image 2.0.0"));
            MeterJob selfCheck = job(journal, emu, SELF_CHECK_FAILS);
            assertThat(selfCheck.errorCode()).as(selfCheck.message()).isEqualTo("METER_SELF_CHECK_FAILED");
            assertThat(journal.transitions(CAMPAIGN, SELF_CHECK_FAILS)).anySatisfy(t -> assertThat(t.detail())
                    .contains("its self-check failed and it reverted"));
        }
    }

    private DlmsClient client(int port, String meter) throws Exception {
        return DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(2)), 0x10, 1,
                clients.settings(dir, meter).withResponseTimeout(AssociationSettings.none().responseTimeout()));
    }

    /** The meter's job: ended REVERTED, the meter on its old image. */
    private static MeterJob job(UpgradeJournal journal, MeterEmulator emu, String meter) throws Exception {
        MeterJob job = journal.job(CAMPAIGN, meter).orElseThrow();
        assertThat(job.state()).as(meter + ": " + job.message()).isEqualTo(UpgradeState.REVERTED);
        assertThat(emu.population().meter(meter).status().runningFirmware()).as(meter).isEqualTo("1.0.0");
        return job;
    }
}
