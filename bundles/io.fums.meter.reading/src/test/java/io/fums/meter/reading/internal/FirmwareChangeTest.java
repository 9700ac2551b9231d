package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterAlarm;
import io.fums.store.AuditEntry;
import io.fums.store.AuditQuery;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEC-8: a meter re-flashed behind the DCU's back raises FIRMWARE_CHANGED
 * at the next read, is marked suspect and audited; a meter upgraded through
 * the DCU after {@code expectFirmware} does not.
 */
@Tag("SEC-8")
@Tag("SM-1")
class FirmwareChangeTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    @Test
    void aFirmwareChangeBehindTheDcusBackIsAnAnomalyAndAnAnnouncedOneIsNot() throws Exception {
        int base = FreePorts.base(2);
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 4096, 9, vendor.getPrivate());
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 50, "activateMillis": 50, "selfCheckMillis": 50},
                 "groups": [{"id": "m", "count": 2, "tcpPortBase": %d}]}
                """.formatted(base));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of())) {
            List<MeterAlarm> alarms = new CopyOnWriteArrayList<>();
            s.addListener(alarms::add);
            assertThat(s.identify("m-00001").firmwareIdentifier()).isEqualTo("1.0.0");
            assertThat(s.readNow("m-00002").values().get("1-0:0.2.0.255")).isEqualTo("1.0.0");

            // m-00001 is flashed without announcement. The meters are on the default security (HLS-GMAC,
            // suite 0): a tool with the meter's keys shares the DCU's invocation counter space, so the flash
            // goes over an association the DCU opens, as an agent that forgot to announce would do
            try (DlmsClient c = s.open("m-00001")) {
                upgrade(c, image);
            }
            // the upgrade agent announces, then upgrades m-00002 through the DCU
            s.expectFirmware("m-00002", "2.0.0");
            try (DlmsClient c = s.open("m-00002")) {
                upgrade(c, image);
            }

            assertThat(s.readNow("m-00002").values().get("1-0:0.2.0.255")).isEqualTo("2.0.0");
            assertThat(s.readNow("m-00001").values().get("1-0:0.2.0.255")).isEqualTo("2.0.0");
            Conditions.await("an alarm").until(() -> !alarms.isEmpty());
            Conditions.await("no second alarm").during(Duration.ofMillis(100)).until(() -> alarms.size() == 1);
            assertThat(alarms).singleElement().satisfies(a -> {
                assertThat(a.meterId()).isEqualTo("m-00001");
                assertThat(a.kind()).isEqualTo(MeterAlarm.FIRMWARE_CHANGED);
                assertThat(a.message()).isEqualTo("active firmware identifier changed from 1.0.0 to 2.0.0; no change"
                        + " was announced");
            });
            assertThat(s.suspects()).containsExactly("m-00001");
            assertThat(s.identify("m-00001").firmwareIdentifier()).isEqualTo("2.0.0");
            assertThat(alarms).as("raised once, not at every read").hasSize(1);

            List<AuditEntry> anomaly = dcu.audit.query(AuditQuery.builder().action("meter.anomaly.firmware").build());
            assertThat(anomaly).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("m-00001");
                assertThat(e.reason()).isEqualTo("METER_UNEXPECTED_VERSION");
            });
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.firmware.changed").build()))
                    .singleElement().satisfies(e -> assertThat(e.subject()).isEqualTo("m-00002"));
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.firmware.expect").build())).hasSize(1);
        }
    }

    /** Transfers, verifies and activates image 2.0.0 over {@code c}, waiting for each step. */
    static void upgrade(DlmsClient c, byte[] image) throws Exception {
        ImageTransferClient it = new ImageTransferClient(c);
        it.transferImage("2.0.0".getBytes(StandardCharsets.US_ASCII), image, false);
        it.verify();
        Conditions.await("image verified").until(it::status, s -> s == ImageTransferStatus.VERIFICATION_SUCCESSFUL);
        it.activate();
        Conditions.await("image activated").until(it::status, s -> s == ImageTransferStatus.ACTIVATION_SUCCESSFUL);
    }
}
