package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.config.PopulationPlanner;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.net.PtyEndpoint;
import io.fums.emulator.meter.store.MeterStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the population until interrupted (Ctrl-C, SIGTERM): then every meter is saved. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the meters until interrupted.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    PopulationOptions population;

    @Option(names = "--idle-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "a DLMS session without requests ends after this long (default ${DEFAULT-VALUE})")
    long idleTimeout;

    @Override
    public Integer call() throws Exception {
        if (idleTimeout < 1) {
            throw new CliErrors.UsageException("--idle-timeout " + idleTimeout + " must be at least 1 second");
        }
        PopulationConfig config = population.toConfig();
        // checked before anything is started or written (the state folder's key seed)
        PopulationPlanner.Plan plan = PopulationPlanner.plan(config, MeterStore.newGson());
        if (plan.media().isEmpty() && plan.meters().stream().allMatch(m -> m.tcpPort() <= 0 && m.pty() == null)) {
            throw new CliErrors.UsageException("no meter can be reached: give --tcp-port-base PORT, or tcpPort, "
                    + "tcpPortBase or pty in the population file");
        }
        MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(idleTimeout)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stopped.countDown();
        }, "meter emulator shutdown"));
        for (PtyEndpoint p : emu.ptys()) {
            p.awaitPty(5000);
            System.out.println("pty " + p.path());
        }
        System.out.printf("%d meters running, %d TCP ports%s; Ctrl-C to stop%n", emu.population().size(),
                emu.tcpPorts(), emu.control() == null ? "" : ", control on 127.0.0.1:" + emu.control().port());
        stopped.await();
        return 0;
    }
}
