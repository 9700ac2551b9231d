package io.fums.emulator.meter.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.config.PopulationPlanner;
import io.fums.emulator.meter.image.ImageVerifier;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.emulator.meter.store.MeterStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1,000 meters in one JVM take a few MB of heap, and come back from their folders. */
@Tag("CARD-4")
class PopulationHeapTest {

    @TempDir Path dir;

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // a measurement, not a wait: lets reference processing settle between collections
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aThousandMetersFitInAFewMegabytesAndRestart() throws Exception {
        var gson = MeterStore.newGson();
        var plan = PopulationPlanner.plan(PopulationConfig.empty().addTcpGroup("m", 1000, 0), gson).meters();
        long before = usedAfterGc();
        long used;
        try (Population p = new Population(plan, dir, false, new ImageVerifier(List.of()), gson,
                InstantSource.system(), 60)) {
            used = usedAfterGc() - before;
            assertThat(p.size()).isEqualTo(1000);
            p.meter("m-00500").powerCut("test", 0);
        }
        System.out.printf("heap of 1,000 meters: %.1f MB%n", used / 1e6);
        assertThat(used).isLessThan(64L << 20);
        try (Population p = new Population(plan, dir, false, new ImageVerifier(List.of()), gson,
                InstantSource.system(), 60)) {
            MeterModel m = p.meter("m-00500");
            assertThat(m.status().powerCuts()).isEqualTo(1);
        }
    }
}
