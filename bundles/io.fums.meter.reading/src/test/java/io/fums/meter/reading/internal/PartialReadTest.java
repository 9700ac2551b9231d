package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.FumsException;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 12: periodic reads of meters that cannot serve one of the
 * read's objects, as found against an independent DLMS/COSEM
 * implementation: one that rejects a GET-with-list naming the object as a
 * whole, one that refuses only that item. Both lose that value, never the
 * period: the rest is read (single GETs where the list is rejected), the
 * meter's lack is remembered and the missing value counted. Over real DLMS
 * to emulated meters.
 */
@Tag("SM-8")
@Tag("MET-1")
class PartialReadTest {

    private static final KeyPair VENDOR = VendorKeys.generate();
    private static final String EXPORT = "1-0:2.8.0.255";

    @TempDir
    Path dir;

    @Test
    void aMeterThatCannotServeOneReadItemLosesOnlyThatItemNotThePeriod() throws Exception {
        int base = FreePorts.base(3);
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, VENDOR, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"powerW": 3600000, "energyScaler": -1},
                 "groups": [{"id": "m", "count": 3, "tcpPortBase": %d}],
                 "meters": [{"id": "m-00001", "faults": {"absentObjects": ["%s"], "refuseListNamingAbsent": true}},
                            {"id": "m-00002", "faults": {"absentObjects": ["%s"]}}]}
                """.formatted(base, EXPORT, EXPORT));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 1, 5, Map.of())) {
            s.start();
            List<String> meters = List.of("m-00001", "m-00002", "m-00003");
            Conditions.await("three periods read for every meter", Duration.ofSeconds(20))
                    .until(() -> meters.stream().allMatch(m -> stats(s, m).done() >= 3));
            for (String m : meters) {
                ReadStats st = stats(s, m);
                assertThat(st.missed()).as(m + " " + st).isZero();
                assertThat(st.itemsMissing()).as(m + " " + st).isEqualTo(m.equals("m-00003") ? 0 : st.done());
                for (Reading r : s.latest(m, 3)) {
                    assertThat(r.values().get("1-0:1.8.0.255")).as(m).matches("\\d+(\\.\\d)? Wh");
                    assertThat(r.values().get("0-0:1.0.0.255")).as(m).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                    assertThat(r.values().get("1-0:0.2.0.255")).as(m).isEqualTo("1.0.0");
                    assertThat(r.values().get(EXPORT)).as(m).isEqualTo(m.equals("m-00003") ? "0.0 Wh" : "error: object-undefined");
                }
            }
            Map<String, String> lacks = Map.of(EXPORT + "/2", "object-undefined", EXPORT + "/3", "object-undefined");
            assertThat(s.lacking("m-00001")).as("remembered: the list no longer names it").isEqualTo(lacks);
            assertThat(s.lacking("m-00002")).isEqualTo(lacks);
            assertThat(s.lacking("m-00003")).isEmpty();
        }
    }

    private static ReadStats stats(MeterReadingService s, String meter) {
        try {
            return s.stats(meter);
        } catch (FumsException e) {
            throw new IllegalStateException(e);
        }
    }
}
