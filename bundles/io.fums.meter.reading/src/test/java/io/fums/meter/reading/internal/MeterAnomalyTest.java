package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterAlarm;
import io.fums.store.AuditQuery;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEC-8 against an emulated meter on its default security: a meter clock set
 * an hour ahead raises CLOCK_DRIFT once, marks the meter suspect and is
 * audited; set right again, the excursion ends; the device id and the
 * energy read are the baseline of the other rules and raise nothing.
 */
@Tag("SEC-8")
class MeterAnomalyTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    @Test
    void aMeterClockAnHourAheadIsAnAnomalyOncePerExcursion() throws Exception {
        int base = FreePorts.base(1);
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "m", "count": 1, "tcpPortBase": %d}]}
                """.formatted(base));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of())) {
            List<MeterAlarm> alarms = new CopyOnWriteArrayList<>();
            s.addListener(alarms::add);
            s.identify("m-00001");
            s.readNow("m-00001");
            s.readNow("m-00001");
            assertThat(alarms).as("device id, energy and clock as expected").isEmpty();

            try (DlmsClient c = s.open("m-00001")) {
                new MeterObjects(c).setClock(CosemDateTime.of(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), 0));
            }
            s.readNow("m-00001");
            s.readNow("m-00001");
            Conditions.await("the alarm").until(() -> !alarms.isEmpty());
            Conditions.await("no second alarm").during(Duration.ofMillis(100)).until(() -> alarms.size() == 1);
            assertThat(alarms).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(MeterAlarm.CLOCK_DRIFT);
                assertThat(a.message()).contains("ahead of the DCU's (bound 300 s)");
            });
            assertThat(s.suspects()).containsExactly("m-00001");
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.anomaly.clock").build()))
                    .singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("METER_ANOMALY"));

            try (DlmsClient c = s.open("m-00001")) {
                new MeterObjects(c).setClock(CosemDateTime.of(OffsetDateTime.now(ZoneOffset.UTC), 0));
            }
            s.readNow("m-00001");
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.clock.back").build())).hasSize(1);
            s.identify("m-00001");
            assertThat(alarms).as("the same device id: no swap").hasSize(1);
        }
    }
}
