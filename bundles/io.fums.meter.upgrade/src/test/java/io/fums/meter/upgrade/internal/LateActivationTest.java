package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.axdr.CosemDateTime;
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
import io.fums.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled activation (SM-9) that a meter cannot keep: a meter verified
 * only after the campaign's time (a slow medium, DCU restarts) would be
 * written a schedule in the past, which a meter never executes (class 22),
 * and one whose schedule does not fire (its clock far behind) would never
 * leave verification-successful: in both cases the job waited on the meter
 * until the poll timeout (10 min) and the campaign stayed RUNNING (the race
 * of SharedMediumBroadcastE2EIT, session 10). Now the first is activated at
 * once and the second by the DCU after the grace; the journal says which,
 * and each is activated once.
 */
@Tag("SM-9")
@Tag("UMS-2")
class LateActivationTest {

    private static final String CAMPAIGN = "c-late";
    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;
    private final EmulatedMeters.Clients clients = new EmulatedMeters.Clients();

    @Test
    void aMeterVerifiedAfterTheScheduledTimeIsActivatedAtOnceAndTheJournalSaysLate() throws Exception {
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        run(at, Duration.ofSeconds(60), false, (journal, emu, upgrade) -> {
            assertThat(upgrade.get()).isEqualTo(MeterUpgrader.Result.FINAL);
            assertThat(job(journal).state()).as(job(journal).message()).isEqualTo(UpgradeState.SUCCEEDED);
            List<Transition> t = journal.transitions(CAMPAIGN, "l-00001");
            assertThat(t).extracting(Transition::to).doesNotContain(UpgradeState.ACTIVATION_SCHEDULED);
            assertThat(t).filteredOn(x -> x.to() == UpgradeState.ACTIVATING).singleElement()
                    .satisfies(x -> assertThat(x.detail()).startsWith("late activation: verified after the scheduled time "
                            + at));
            assertThat(emu.population().meter("l-00001").status().runningFirmware()).isEqualTo("2.0.0");
            assertThat(emu.population().meter("l-00001").status().upgradesSucceeded()).isEqualTo(1);
        });
    }

    @Test
    void aScheduleThatDoesNotFireIsActivatedByTheDcuAfterTheGrace() throws Exception {
        Instant at = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        run(at, Duration.ofSeconds(1), true, (journal, emu, upgrade) -> {
            // the meter's clock is an hour behind: its schedule would fire in an hour
            assertThat(upgrade.get()).isEqualTo(MeterUpgrader.Result.WAITING);
            assertThat(job(journal).state()).isEqualTo(UpgradeState.ACTIVATION_SCHEDULED);
            long before = System.nanoTime();
            upgrade.awaitTime(); // as the campaign runner does before it asks the waiting meters again
            MeterUpgrader.Result r = upgrade.get();
            assertThat(r).isEqualTo(MeterUpgrader.Result.FINAL);
            assertThat(job(journal).state()).as(job(journal).message()).isEqualTo(UpgradeState.SUCCEEDED);
            assertThat(journal.transitions(CAMPAIGN, "l-00001")).filteredOn(x -> x.to() == UpgradeState.ACTIVATING)
                    .singleElement().satisfies(x -> {
                        assertThat(x.detail()).startsWith("the meter did not begin the activation scheduled at " + at
                                + " within 1 s");
                        // not before the scheduled time and its grace, on the DCU's clock
                        assertThat(x.at()).isAfterOrEqualTo(at.plusSeconds(1));
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(60));
            assertThat(emu.population().meter("l-00001").status().runningFirmware()).isEqualTo("2.0.0");
            assertThat(emu.population().meter("l-00001").status().upgradesSucceeded()).isEqualTo(1);
        });
    }

    private interface Check {
        void check(UpgradeJournal journal, MeterEmulator emu, Upgrade upgrade) throws Exception;
    }

    private interface Upgrade {
        MeterUpgrader.Result get() throws Exception;

        void awaitTime() throws InterruptedException;
    }

    private void run(Instant at, Duration grace, boolean clockBehind, Check check) throws Exception {
        int base = FreePorts.base(64);
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 100, "activateMillis": 50, "selfCheckMillis": 50, "deviceType": "FUMS-EM-1"},
                 "groups": [{"id": "l", "count": 1, "tcpPortBase": %d}]}
                """.formatted(base));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        byte[] bytes = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 8 * 1024, 4, vendor.getPrivate());
        FirmwareImage image = new FirmwareImage("2.0.0", FirmwareVersion.parse("2.0.0"), "0".repeat(64), bytes.length,
                List.of(DeviceType.of("FUMS-EM-1")), Map.of());
        try (ClosableDatabase db = Stores.openDatabase(dir.resolve("dcu"));
             MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            UpgradeJournal journal = new UpgradeJournal(db, Clock.systemUTC());
            MeterUpgrader upgrader = new MeterUpgrader(journal, Clock.systemUTC(), Duration.ofMillis(50),
                    Duration.ofSeconds(10), grace);
            journal.enrol(CAMPAIGN, List.of("l-00001"));
            DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", base, Duration.ofSeconds(2)), 0x10, 1,
                    clients.settings(dir, "l-00001").withResponseTimeout(AssociationSettings.none().responseTimeout()));
            try {
                if (clockBehind) {
                    new MeterObjects(c).setClock(CosemDateTime.of(Instant.now().minus(Duration.ofHours(1))
                            .atOffset(ZoneOffset.UTC), 0));
                }
                check.check(journal, emu, new Upgrade() {
                    @Override
                    public MeterUpgrader.Result get() throws Exception {
                        return upgrader.advance(CAMPAIGN, "l-00001", DeviceType.of("FUMS-EM-1"), image, bytes,
                                ActivationPolicy.at(at), c);
                    }

                    @Override
                    public void awaitTime() throws InterruptedException {
                        upgrader.deadlines().await(at);
                    }
                });
            } finally {
                c.close();
            }
        }
    }

    private static MeterJob job(UpgradeJournal journal) throws Exception {
        return journal.job(CAMPAIGN, "l-00001").orElseThrow();
    }
}
