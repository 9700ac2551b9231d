package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.reading.Reading;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware per component (issue 15): once a meter's object list is known, every read also asks for the active
 * firmware identifier of each other component it names (metrology 1-1:0.2.0.255, communication module
 * 1-2:0.2.0.255), in the same request; a meter with a core only is asked for nothing more.
 *
 * <p>Proves: SM-1.
 */
class ComponentReadsTest {

    private static final KeyPair VENDOR = VendorKeys.generate();

    @TempDir
    Path dir;

    @Test
    @Tag("SM-1")
    void readsReportTheFirmwareOfEveryComponentTheMeterHas() throws Exception {
        int base = FreePorts.base(2);
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, VENDOR, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "m", "count": 2, "tcpPortBase": %d}],
                 "meters": [{"id": "m-00001", "components": {"metrology": "4.0.0", "communication": "7.0.0"}}]}
                """.formatted(base));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 3600, 5, Map.of())) {
            for (String m : new String[] {"m-00001", "m-00002"}) {
                s.readNow(m); // first contact: discovers the object list in the same association
            }
            assertThat(s.capabilities("m-00001").orElseThrow().firmwareIdentifiers())
                    .containsExactlyInAnyOrder("1-0:0.2.0.255", "1-1:0.2.0.255", "1-2:0.2.0.255");
            Reading three = s.readNow("m-00001");
            assertThat(three.values()).containsEntry("1-0:0.2.0.255", "1.0.0").containsEntry("1-1:0.2.0.255", "4.0.0")
                    .containsEntry("1-2:0.2.0.255", "7.0.0");
            Reading core = s.readNow("m-00002");
            assertThat(core.values()).containsEntry("1-0:0.2.0.255", "1.0.0")
                    .doesNotContainKeys("1-1:0.2.0.255", "1-2:0.2.0.255");
        }
    }
}
