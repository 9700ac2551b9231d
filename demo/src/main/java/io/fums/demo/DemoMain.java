package io.fums.demo;

import io.fums.emulator.meter.cli.CliErrors;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command demo: an embedded MQTT 5 broker, a population of emulated
 * meters, the real DCU distribution as its own process and the operator's
 * console play the whole story, then a summary table and an HTML report.
 */
@Command(name = "fums-demo", mixinStandardHelpOptions = true, version = "fums-demo 0.1",
        description = {"Runs the FUMS-DCU story end to end on this machine: the DCU comes online, hot-swaps a software",
            "update (and rolls a broken one back by itself), stages signed meter firmware and runs a campaign in waves",
            "while the meters keep being read; faulty meters revert and raise alarms, the others activate together.",
            "Ctrl-C stops everything."})
public final class DemoMain implements Callable<Integer> {

    @Option(names = "--meters", defaultValue = "100", description = "emulated meters (default: ${DEFAULT-VALUE})")
    int meters;

    @Option(names = "--baud", defaultValue = "38400", description = "emulated link speed of each meter, bit/s (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--image-kib", defaultValue = "24", description = "meter firmware image size in KiB (default: ${DEFAULT-VALUE})")
    int imageKib;

    @Option(names = "--faults", defaultValue = "self-check=2,refuse-activation=1,corrupt-block=1,power-cut=1",
            description = "fault mix: self-check, refuse-activation, corrupt-block, power-cut counts (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(names = "--read-seconds", defaultValue = "10", description = "meter read period (default: ${DEFAULT-VALUE})")
    int readSeconds;

    @Option(names = "--work", defaultValue = "demo-work", description = "working folder: DCU data, meters, logs (default: ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--report", defaultValue = "demo-report.html", description = "the HTML report (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--inputs", defaultValue = "demo/target/inputs", hidden = true,
            description = "the distribution and test bundles, as the build copied them")
    Path inputs;

    @Option(names = "--keep", description = "keep broker, meters and DCU running at the end, for exploring with the console")
    boolean keep;

    /** Where the story is told (tests read it). */
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = new DemoSettings(meters, baud, imageKib, FaultMix.parse(faults), readSeconds, work.toAbsolutePath(),
                report.toAbsolutePath(), inputs.toAbsolutePath(), keep);
        settings.checkPaths();
        try (DemoStage stage = new DemoStage(settings, out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stage::close, "fums-demo-stop"));
            return new DemoStory(stage, settings, out).play();
        }
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.err, true), args));
    }

    /**
     * The exit code of {@code args}: 0 the story ran, 1 it failed, 2 a usage or configuration mistake, 3 an I/O
     * problem ({@link CliErrors}); every mistake is one line on {@code err}, never a stack trace.
     */
    static int run(PrintWriter err, String... args) {
        CommandLine cl = CliErrors.install(new CommandLine(new DemoMain()));
        cl.setErr(err);
        return cl.execute(args);
    }
}
