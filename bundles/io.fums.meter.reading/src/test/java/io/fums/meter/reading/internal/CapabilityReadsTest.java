package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.FumsException;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: reads ask only for what the meter offers. Once a meter's capabilities are known (its object list,
 * durable), periodic and on-demand reads leave out the objects its list does not name, also after a DCU restart
 * and for a meter that rejects a GET-with-list naming an absent object; no period is missed. Counted at the
 * emulated meters: requests naming an object the meter lacks.
 */
@Tag("SM-9")
@Tag("SM-8")
@Tag("MET-1")
class CapabilityReadsTest {

    private static final KeyPair VENDOR = VendorKeys.generate();
    private static final String EXPORT = "1-0:2.8.0.255";
    private static final String CLOCK = "0-0:1.0.0.255";
    private static final List<String> METERS = List.of("m-00001", "m-00002", "m-00003");

    @TempDir
    Path dir;

    @Test
    void readsNeverAskForAnObjectTheMeterDoesNotListOnceItsCapabilitiesAreKnown() throws Exception {
        int base = FreePorts.base(3);
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, VENDOR, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"powerW": 3600000, "energyScaler": -1},
                 "groups": [{"id": "m", "count": 3, "tcpPortBase": %d}],
                 "meters": [{"id": "m-00001", "faults": {"absentObjects": ["%s"], "refuseListNamingAbsent": true}},
                            {"id": "m-00002", "faults": {"absentObjects": ["%s", "%s"]}}]}
                """.formatted(base, EXPORT, EXPORT, CLOCK));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            try (MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of())) {
                for (String m : METERS) {
                    s.readNow(m); // first contact: asks everything, then discovers in the same association
                    assertThat(s.capabilities(m)).as(m).isPresent();
                }
            }
            Map<String, Long> known = asked(emu);
            assertThat(known.get("m-00001")).as("the first contact asked " + known).isPositive();
            assertThat(known.get("m-00002")).as("the first contact asked " + known).isPositive();
            assertThat(known.get("m-00003")).as("lacks nothing").isZero();

            // a DCU restart: what each meter lacks is known before any read (nothing learnt from refusals yet)
            try (MeterReadingService s = dcu.service(emu.inventory(), 1, 5, Map.of())) {
                for (String m : METERS) {
                    Reading r = s.readNow(m);
                    assertThat(r.values().get("1-0:1.8.0.255")).as(m).matches("\\d+(\\.\\d)? Wh");
                    assertThat(r.values().get(EXPORT)).as(m)
                            .isEqualTo(m.equals("m-00003") ? "0.0 Wh" : "error: object-undefined");
                    assertThat(r.values().get(CLOCK)).as(m)
                            .isEqualTo(m.equals("m-00002") ? "error: object-undefined" : r.values().get(CLOCK));
                    assertThat(r.values().get("1-0:0.2.0.255")).as(m).isEqualTo("1.0.0");
                }
                assertThat(asked(emu)).as("on-demand reads after the restart").isEqualTo(known);
                assertThat(s.lacking("m-00001")).as("nothing refused, so nothing learnt").isEmpty();

                s.start();
                Conditions.await("three periods read for every meter", Duration.ofSeconds(20))
                        .until(() -> METERS.stream().allMatch(m -> stats(s, m).done() >= 3));
                for (String m : METERS) {
                    ReadStats st = stats(s, m);
                    assertThat(st.missed()).as(m + " " + st).isZero();
                    int lacks = m.equals("m-00003") ? 0 : m.equals("m-00002") ? 2 : 1;
                    assertThat(st.itemsMissing()).as(m + " " + st).isEqualTo(lacks * st.done());
                }
                assertThat(asked(emu)).as("periodic reads").isEqualTo(known);
            }
        }
    }

    /** Per meter: how many requests named an object it lacks. */
    private static Map<String, Long> asked(Fixtures.Emulated emu) {
        return METERS.stream().collect(Collectors.toMap(Function.identity(),
                m -> emu.emulator().population().meter(m).faults().absentAsked()));
    }

    private static ReadStats stats(MeterReadingService s, String meter) {
        try {
            return s.stats(meter);
        } catch (FumsException e) {
            throw new IllegalStateException(e);
        }
    }
}
