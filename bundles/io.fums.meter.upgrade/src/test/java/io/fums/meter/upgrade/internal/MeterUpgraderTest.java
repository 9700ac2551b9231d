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
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-meter upgrade procedure against emulated DLMS meters: a healthy
 * meter ends SUCCEEDED on the new image; one whose self-check fails, one that
 * refuses activation and one that receives a corrupted block end REVERTED on
 * the old image with the right error code; an incompatible meter is never
 * touched; every step is journalled.
 */
@Tag("SM-2")
@Tag("SM-3")
@Tag("SM-4")
@Tag("SM-10")
@Tag("UC-1")
@Tag("UC-5")
@Tag("UC-6")
@Tag("UMS-2")
class MeterUpgraderTest {

    private static final String CAMPAIGN = "c-1";
    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    @Test
    void healthyMetersSucceedAndFaultyOnesEndRevertedWithTheirCode() throws Exception {
        int base = FreePorts.base(64);
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 150, "activateMillis": 80, "selfCheckMillis": 80, "deviceType": "FUMS-EM-1"},
                 "groups": [{"id": "m", "count": 5, "tcpPortBase": %d}],
                 "meters": [{"id": "m-00002", "faults": {"failSelfCheck": true}},
                            {"id": "m-00003", "faults": {"refuseActivation": true}},
                            {"id": "m-00004", "faults": {"corruptBlocks": [3]}},
                            {"id": "m-00005", "deviceType": "OTHER-METER"}]}
                """.formatted(base));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        byte[] bytes = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 24 * 1024, 3, vendor.getPrivate());
        FirmwareImage image = new FirmwareImage("2.0.0", FirmwareVersion.parse("2.0.0"), "0".repeat(64), bytes.length,
                List.of(DeviceType.of("FUMS-EM-1")), Map.of());
        Map<String, String> types = Map.of("m-00001", "FUMS-EM-1", "m-00002", "FUMS-EM-1", "m-00003", "FUMS-EM-1",
                "m-00004", "FUMS-EM-1", "m-00005", "OTHER-METER");
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            MeterUpgrader upgrader = new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(10));
            List<String> meters = List.of("m-00001", "m-00002", "m-00003", "m-00004", "m-00005");
            journal.enrol(CAMPAIGN, meters);
            for (int i = 0; i < meters.size(); i++) {
                DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", base + i, Duration.ofSeconds(2)), 0x10, 1,
                        clients.settings(dir, meters.get(i)).withResponseTimeout(AssociationSettings.none().responseTimeout()));
                try {
                    assertThat(upgrader.advance(CAMPAIGN, meters.get(i), DeviceType.of(types.get(meters.get(i))), image, bytes,
                            ActivationPolicy.immediately(), c)).isEqualTo(MeterUpgrader.Result.FINAL);
                } finally {
                    c.close();
                }
            }
            assertThat(state(journal, "m-00001")).isEqualTo(UpgradeState.SUCCEEDED);
            assertThat(emu.population().meter("m-00001").status().runningFirmware()).isEqualTo("2.0.0");
            assertFailed(journal, emu, "m-00002", "METER_SELF_CHECK_FAILED");
            assertFailed(journal, emu, "m-00003", "METER_ACTIVATION_FAILED");
            assertFailed(journal, emu, "m-00004", "METER_VERIFY_FAILED");
            assertFailed(journal, emu, "m-00005", "PKG_INCOMPATIBLE");
            assertThat(journal.transitions(CAMPAIGN, "m-00005")).extracting(Transition::to)
                    .containsExactly(UpgradeState.FAILED, UpgradeState.REVERTED);
            List<Transition> ok = journal.transitions(CAMPAIGN, "m-00001");
            assertThat(ok).extracting(Transition::to).containsExactly(UpgradeState.INITIATED, UpgradeState.TRANSFERRING,
                    UpgradeState.TRANSFERRED, UpgradeState.VERIFYING, UpgradeState.VERIFIED, UpgradeState.ACTIVATING,
                    UpgradeState.SELF_TEST, UpgradeState.SUCCEEDED);
            assertThat(ok).extracting(Transition::at).isSorted();
        }
    }

    @Test
    @Tag("SM-9")
    void aScheduledActivationWaitsForItsTimeAndThenCompletes() throws Exception {
        int base = FreePorts.base(64);
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 100, "activateMillis": 50, "selfCheckMillis": 50, "deviceType": "FUMS-EM-1"},
                 "groups": [{"id": "s", "count": 1, "tcpPortBase": %d}]}
                """.formatted(base));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        byte[] bytes = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 8 * 1024, 4, vendor.getPrivate());
        FirmwareImage image = new FirmwareImage("2.0.0", FirmwareVersion.parse("2.0.0"), "0".repeat(64), bytes.length,
                List.of(DeviceType.of("FUMS-EM-1")), Map.of());
        Instant at = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            MeterUpgrader upgrader = new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(10));
            journal.enrol(CAMPAIGN, List.of("s-00001"));
            DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", base, Duration.ofSeconds(2)), 0x10, 1,
                    clients.settings(dir, "s-00001").withResponseTimeout(AssociationSettings.none().responseTimeout()));
            try {
                assertThat(upgrader.advance(CAMPAIGN, "s-00001", DeviceType.of("FUMS-EM-1"), image, bytes, ActivationPolicy.at(at), c))
                        .isEqualTo(MeterUpgrader.Result.WAITING);
                assertThat(state(journal, "s-00001")).isEqualTo(UpgradeState.ACTIVATION_SCHEDULED);
                assertThat(emu.population().meter("s-00001").status().runningFirmware()).isEqualTo("1.0.0");
                Conditions.await("the meter activates at its time")
                        .until(() -> "2.0.0".equals(emu.population().meter("s-00001").status().runningFirmware()));
                assertThat(upgrader.advance(CAMPAIGN, "s-00001", DeviceType.of("FUMS-EM-1"), image, bytes, ActivationPolicy.at(at), c))
                        .isEqualTo(MeterUpgrader.Result.FINAL);
            } finally {
                c.close();
            }
            assertThat(state(journal, "s-00001")).isEqualTo(UpgradeState.SUCCEEDED);
            assertThat(emu.population().meter("s-00001").status().runningFirmware()).isEqualTo("2.0.0");
        }
    }

    private static UpgradeState state(UpgradeJournal journal, String meter) throws Exception {
        return journal.job(CAMPAIGN, meter).map(MeterJob::state).orElseThrow();
    }

    private static void assertFailed(UpgradeJournal journal, MeterEmulator emu, String meter, String code) throws Exception {
        MeterJob job = journal.job(CAMPAIGN, meter).orElseThrow();
        assertThat(job.state()).as(meter + ": " + job.message()).isEqualTo(UpgradeState.REVERTED);
        assertThat(job.errorCode()).as(meter + ": " + job.message()).isEqualTo(code);
        assertThat(emu.population().meter(meter).status().runningFirmware()).as(meter).isEqualTo("1.0.0");
    }
}
