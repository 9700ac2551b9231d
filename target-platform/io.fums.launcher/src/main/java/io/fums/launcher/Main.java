package io.fums.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fums-dcu}: starts the DCU runtime in the foreground until SIGTERM or
 * Ctrl-C, then stops every bundle in order and exits 0.
 */
@Command(name = "fums-dcu", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs the FUMS Data Concentrator Unit in the foreground.")
public final class Main implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;

    static {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL [launcher] %4$s %3$s - %5$s%6$s%n");
        }
    }

    private static final Logger LOG = Logger.getLogger("io.fums.launcher");

    @Option(names = "--home", description = "Distribution folder (bin/, conf/, lib/, bundles/). Default: $FUMS_HOME.",
            defaultValue = "${env:FUMS_HOME}")
    Path home;

    @Option(names = "--conf", description = "Configuration folder (framework.properties, logging.properties, config/). "
            + "Default: $FUMS_CONF, else the distribution's conf/ (a .deb install uses /etc/fums-dcu).",
            defaultValue = "${env:FUMS_CONF}")
    Path conf;

    @Option(names = "--data", description = "Data folder for all state (framework cache, configuration, databases). "
            + "Default: $FUMS_DATA, else /var/lib/fums.", defaultValue = "${env:FUMS_DATA:-/var/lib/fums}")
    Path data;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line: a bad option is one line on stderr and exit code 2, never the usage or a trace. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            String hint = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)" : "";
            ex.getCommandLine().getErr().println("fums-dcu: " + ex.getMessage() + hint + "; see fums-dcu --help");
            return EXIT_CONFIG;
        });
        return cl;
    }

    @Override
    public Integer call() {
        if (home == null) {
            LOG.severe("the distribution folder is unknown: pass --home or set FUMS_HOME (bin/fums-dcu does)");
            return EXIT_CONFIG;
        }
        if (data == null || data.toString().isBlank()) {
            LOG.severe("the data folder is empty: give one with --data or FUMS_DATA, e.g. /var/lib/fums");
            return EXIT_CONFIG;
        }
        LauncherSettings settings = new LauncherSettings(home, conf, data);
        if (Files.exists(settings.data()) && !Files.isDirectory(settings.data())) {
            LOG.severe("data folder " + settings.data() + " is a file, not a folder (use --data or FUMS_DATA to "
                    + "choose another)");
            return EXIT_CONFIG;
        }
        if (!Files.isDirectory(settings.conf())) {
            LOG.severe("configuration folder " + settings.conf() + " does not exist (use --conf or FUMS_CONF)");
            return EXIT_CONFIG;
        }
        if (!Files.isRegularFile(settings.descriptor())) {
            LOG.severe("not a FUMS-DCU distribution: " + settings.descriptor() + " is missing");
            return EXIT_CONFIG;
        }
        try {
            Files.createDirectories(settings.data());
            // java.io.tmpdir of bin/fums-dcu: native libraries are unpacked there
            Files.createDirectories(settings.data().resolve("tmp"));
        } catch (IOException | SecurityException e) {
            LOG.severe("data folder " + settings.data() + " cannot be created: " + e.getMessage()
                    + " (use --data or FUMS_DATA to choose another)");
            return EXIT_CONFIG;
        }
        if (!Files.isWritable(settings.data())) {
            LOG.severe("data folder " + settings.data() + " is not writable (use --data or FUMS_DATA to choose another)");
            return EXIT_CONFIG;
        }
        try {
            applyLoggingProperties(settings);
            DcuRuntime runtime = new DcuRuntime(settings);
            Signals.onTermination(runtime::stop);
            LOG.info("FUMS-DCU " + Version.get() + " starting: home " + settings.home() + ", conf " + settings.conf()
                    + ", data " + settings.data());
            return runtime.run();
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "FUMS-DCU failed: " + e.getMessage(), e);
            return EXIT_FAILURE;
        }
    }

    /** conf/logging.properties configures the runtime's SLF4J backend through system properties. */
    private static void applyLoggingProperties(LauncherSettings settings) throws IOException {
        Properties p = settings.confProperties("logging.properties");
        for (String key : p.stringPropertyNames()) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, p.getProperty(key));
            }
        }
    }

    /** The version from the jar manifest (the build's version). */
    static final class Version implements CommandLine.IVersionProvider {
        static String get() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "(development)" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"fums-dcu " + get()};
        }
    }
}
