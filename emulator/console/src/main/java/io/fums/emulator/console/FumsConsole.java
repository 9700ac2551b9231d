package io.fums.emulator.console;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * fums-console: the operator's cloud console for a fleet of DCUs, over MQTT 5.
 *
 * <p>Exit codes ({@link ConsoleErrors}, docs/tools.md): 0 success; 1 a DCU refused or failed (the code is
 * printed); 2 usage or configuration error; 3 I/O, connection or timeout; 4 internal error.
 *
 * <p>To add a command: a class extending {@code DcuRequestCommand} that
 * builds the body and prints the data, listed in {@code subcommands} below
 * (or under a group such as {@code CampaignCommand}).
 */
@Command(name = "fums-console", mixinStandardHelpOptions = true, versionProvider = FumsConsole.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Operator console for FUMS DCUs over MQTT 5 (docs/mqtt-api.md).",
        subcommands = {DcusCommand.class, ShowCommand.class, DeployCommand.class, RollbackCommand.class,
            HistoryCommand.class, AuditCommand.class, MetersCommand.class, FirmwareCommand.class, CampaignCommand.class,
            WatchCommand.class, RequestCommand.class, ServeCommand.class,
            io.fums.emulator.console.fleet.FleetCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:refused: a DCU refused or failed (its error code is printed)",
            "2:usage or configuration error (bad option or argument, key, TLS file)",
            "3:I/O, connection or timeout (missing file, busy port, broker unreachable, no answer)",
            "4:internal error (please report it)"})
public final class FumsConsole implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command, e.g. dcus");
    }

    /** A command line with the console's settings, writing to the given streams (tests use this). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new FumsConsole());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return ConsoleErrors.install(cl);
    }

    /** The project version, from the filtered resource {@code fums-console.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = FumsConsole.class.getResourceAsStream("fums-console.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"fums-console " + p.getProperty("version", "(unknown version)")};
        }
    }

    public static void main(String[] args) {
        int rc = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
        System.exit(rc);
    }
}
