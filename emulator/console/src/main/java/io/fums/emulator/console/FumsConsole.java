package io.fums.emulator.console;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * fums-console: the operator's cloud console for a fleet of DCUs, over MQTT 5.
 *
 * <p>Exit codes: 0 success; 1 a DCU refused or failed (the code is printed);
 * 2 usage error; 3 I/O, connection or timeout.
 *
 * <p>To add a command: a class extending {@code DcuRequestCommand} that
 * builds the body and prints the data, listed in {@code subcommands} below
 * (or under a group such as {@code CampaignCommand}).
 */
@Command(name = "fums-console", mixinStandardHelpOptions = true, version = "fums-console 0.1",
        description = "Operator console for FUMS DCUs over MQTT 5 (docs/mqtt-api.md).",
        subcommands = {DcusCommand.class, ShowCommand.class, DeployCommand.class, RollbackCommand.class,
            HistoryCommand.class, AuditCommand.class, MetersCommand.class, FirmwareCommand.class, CampaignCommand.class,
            WatchCommand.class, RequestCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class FumsConsole implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command (fums-console help)");
    }

    /** A command line with the console's settings, writing to the given streams (tests use this). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new FumsConsole());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Instant.class, java.time.Instant::parse);
        return cl;
    }

    public static void main(String[] args) {
        int rc = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
        System.exit(rc);
    }
}
