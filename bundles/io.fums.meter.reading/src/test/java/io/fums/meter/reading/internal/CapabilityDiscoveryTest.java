package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.client.DlmsClient;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterCapabilities;
import io.fums.store.AuditQuery;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capability discovery (issue 15) against emulated meters: the first read of a meter reads its association
 * object list and keeps what it offers, durably; a meter configured without its activation schedule (class 22)
 * says so; the list is read again only after the meter's firmware changed.
 */
@Tag("SM-9")
@Tag("SM-1")
class CapabilityDiscoveryTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final String SCHEDULE = "0-0:15.0.2.255";
    @TempDir
    Path dir;

    @Test
    void theFirstReadDiscoversWhatEachMeterOffersAndAFirmwareChangeReadsItAgain() throws Exception {
        int base = FreePorts.base(2);
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 2048, 9, vendor.getPrivate());
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 50, "activateMillis": 50, "selfCheckMillis": 50, "blockSize": 256},
                 "groups": [{"id": "m", "count": 2, "tcpPortBase": %d}],
                 "meters": [{"id": "m-00002", "faults": {"absentObjects": ["%s"]}}]}
                """.formatted(base, SCHEDULE));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            try (MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of())) {
                assertThat(s.capabilities("m-00001")).as("never contacted: unknown").isEmpty();
                s.readNow("m-00001");
                s.readNow("m-00002");

                MeterCapabilities full = s.capabilities("m-00001").orElseThrow();
                assertThat(full.firmware()).isEqualTo("1.0.0");
                assertThat(full.imageTransfer()).isTrue();
                assertThat(full.activationSchedule()).isTrue();
                assertThat(full.disconnectControl()).isTrue();
                assertThat(full.securitySetup()).isTrue();
                assertThat(full.firmwareIdentifiers()).containsExactly("1-0:0.2.0.255");
                assertThat(full.imageBlockSize()).isEqualTo(256L);
                assertThat(full.maxPduSize()).isPositive();
                assertThat(s.capabilities("m-00002")).hasValueSatisfying(c -> {
                    assertThat(c.activationSchedule()).isFalse();
                    assertThat(c.imageTransfer()).isTrue();
                    assertThat(c.objects()).isEqualTo(full.objects() - 1);
                });

                // m-00001 loses its schedule: under the same firmware the list is not read again ...
                emu.emulator().population().meter("m-00001").faults().install(absent(SCHEDULE));
                s.readNow("m-00001");
                assertThat(s.capabilities("m-00001")).contains(full);
                // ... and after an announced upgrade it is
                s.expectFirmware("m-00001", "2.0.0");
                try (DlmsClient c = s.open("m-00001")) {
                    FirmwareChangeTest.upgrade(c, image);
                }
                s.readNow("m-00001");
                assertThat(s.capabilities("m-00001")).hasValueSatisfying(c -> {
                    assertThat(c.firmware()).isEqualTo("2.0.0");
                    assertThat(c.activationSchedule()).isFalse();
                });
            }
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.capabilities").limit(10).build()))
                    .as("each discovery audited").hasSize(3);

            // a restart: the capabilities are there before any read
            try (MeterReadingService again = dcu.service(emu.inventory(), 3600, 5, Map.of())) {
                assertThat(again.capabilities("m-00002")).hasValueSatisfying(c ->
                        assertThat(c.activationSchedule()).isFalse());
                assertThat(again.capabilities("m-00001")).hasValueSatisfying(c -> {
                    assertThat(c.firmware()).isEqualTo("2.0.0");
                    assertThat(c.imageBlockSize()).isEqualTo(256L);
                    assertThat(c.firmwareIdentifiers()).containsExactly("1-0:0.2.0.255");
                });
            }
        }
    }

    /** Periodic reads discover in the spare time after their link's round, and no read misses its period (SM-8). */
    @Test
    @Tag("SM-8")
    void periodicReadsDiscoverInTheRoundsSpareTime() throws Exception {
        int base = FreePorts.base(2);
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "p", "count": 2, "tcpPortBase": %d}],
                 "meters": [{"id": "p-00002", "faults": {"absentObjects": ["%s"]}}]}
                """.formatted(base, SCHEDULE));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 1, 5, Map.of())) {
            s.start();
            Conditions.await("both meters' capabilities", Duration.ofSeconds(30)).until(() ->
                    s.capabilities("p-00001").isPresent() && s.capabilities("p-00002").isPresent());
            assertThat(s.capabilities("p-00001").orElseThrow().activationSchedule()).isTrue();
            assertThat(s.capabilities("p-00002").orElseThrow().activationSchedule()).isFalse();
            for (String m : List.of("p-00001", "p-00002")) {
                assertThat(s.stats(m).missed()).as(m + " " + s.stats(m)).isZero();
            }
        }
    }

    private static FaultPlan absent(String obis) {
        return new FaultPlan(null, 0, null, 0, null, 0, 0, false, false, 0, 0, false, null, List.of(obis), false);
    }
}
