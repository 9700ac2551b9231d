package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Loads a population, with its ports bound, and prints the heap it takes. */
@Command(name = "heap", mixinStandardHelpOptions = true,
        description = "Load the population (ports bound), let it run, collect garbage and print the heap used.")
final class HeapCommand implements Callable<Integer> {

    @Mixin
    PopulationOptions population;

    @Option(names = "--settle", defaultValue = "3", description = "seconds to run before measuring (${DEFAULT-VALUE})")
    long settle;

    @Override
    public Integer call() throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long base = usedAfterGc(mem);
        long t0 = System.nanoTime();
        try (MeterEmulator emu = MeterEmulator.start(population.toConfig(),
                new DlmsSessionRunner(Duration.ofSeconds(120)))) {
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(settle * 1000);
            long used = usedAfterGc(mem);
            int n = emu.population().size();
            System.out.printf("meters: %d, TCP ports: %d, load: %d ms%n", n, emu.tcpPorts(), loadMs);
            System.out.printf("heap used after GC: %.1f MB (%.1f MB before loading, %.1f KB per meter), max %.0f MB%n",
                    used / 1e6, base / 1e6, (used - base) / 1e3 / Math.max(1, n),
                    mem.getHeapMemoryUsage().getMax() / 1e6);
        }
        return 0;
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
