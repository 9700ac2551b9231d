package io.fums.emulator.meter.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fums-meter-emulator}: runs emulated DLMS meters and makes what
 * tests feed them (vendor keys, signed images).
 */
@Command(name = "fums-meter-emulator", mixinStandardHelpOptions = true, version = "fums-meter-emulator 0.1.0",
        description = "DLMS/COSEM meter emulator: 1 to 10,000 dual-bank meters with image transfer (class 18), "
                + "on TCP wrapper ports or socat ptys, with link models and fault injection.",
        subcommands = {RunCommand.class, KeygenCommand.class, MakeImageCommand.class, ControlCommand.class,
            HeapCommand.class})
public final class MeterEmulatorCli {

    private MeterEmulatorCli() {
    }

    /** The exit code of {@code args} (see {@link CliErrors}); mistakes are reported on stderr in one line. */
    public static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** The same, with errors and usage mistakes written to {@code err}. */
    public static int run(PrintWriter err, String... args) {
        CommandLine cl = CliErrors.install(new CommandLine(new MeterEmulatorCli()).setCaseInsensitiveEnumValuesAllowed(true));
        cl.setErr(err);
        return cl.execute(args);
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0 || args.length == 0 || !"run".equals(args[0])) {
            System.exit(code);
        }
    }
}
