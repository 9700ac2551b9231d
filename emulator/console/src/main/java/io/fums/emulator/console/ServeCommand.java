package io.fums.emulator.console;

import java.nio.file.Files;
import java.nio.file.Path;
import io.fums.api.error.FumsException;
import io.fums.emulator.console.fleet.FleetRollouts;
import io.fums.emulator.console.fleet.FleetStore;
import io.fums.emulator.console.fleet.RolloutDriver;
import io.fums.emulator.console.web.ConsoleLink;
import java.time.Clock;
import io.fums.emulator.console.web.WebConsole;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Without DIR: the operator's local web console (docs/console.md) until Ctrl-C. With DIR: serves a folder of packages
 * over HTTP (with Range) until Ctrl-C, as before the web console existed.
 */
@Command(name = "serve", description = {"Without DIR: the operator's web console (fleet, rollouts live, drill-down, "
    + "signed commands; docs/console.md) at http://127.0.0.1:8080/ until Ctrl-C.",
    "With DIR: serve the package files of a folder over HTTP (with Range) until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    /** How often the web console reads the fleet store for changes. */
    static final Duration FLEET_POLL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "a folder of package files to serve "
            + "(instead of the web console)")
    Path dir;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-k", "--operator-key"}, paramLabel = "PEM", defaultValue = "${env:FUMS_OPERATOR_KEY}",
            description = "operator private key that signs the web console's commands (env FUMS_OPERATOR_KEY); "
                    + "without it the web console is read-only")
    Path operatorKey;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "validity of a signed command (default: ${DEFAULT-VALUE})")
    long ttlSeconds;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface)")
    String bind;

    @Option(names = "--http-port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})",
            converter = Port.class)
    int port;

    @Option(names = "--advertise-host", defaultValue = "127.0.0.1", description = "host name in the printed URLs")
    String advertiseHost;

    @Option(names = "--store", paramLabel = "DIR",
            defaultValue = "${env:FUMS_FLEET_STORE:-${sys:user.home}/.fums-console/fleet}",
            description = "the console's fleet store, as fums-console fleet uses it (env FUMS_FLEET_STORE; default "
                    + "${DEFAULT-VALUE}): its rollouts are shown live beside the DCUs' plain campaigns, and started, "
                    + "resumed, paused, cancelled here")
    Path storeDir;

    /** A TCP port, 0 to 65535 (0: any free one). */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int p = Integer.parseInt(value);
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("'" + value + "' is not a port: give 1 to 65535, or 0 for any free one");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (dir == null) {
            return web();
        }
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("fums-console serve: no such folder: " + dir + "; give the folder of the "
                    + "package files");
            return ConsoleErrors.IO;
        }
        try (PackageServer server = new PackageServer(dir, bind, port, advertiseHost)) {
            spec.commandLine().getOut().println("serving " + dir.toAbsolutePath() + " at " + server.url("") + " (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }

    /** The web console: connects, serves, waits for Ctrl-C. */
    private int web() throws InterruptedException {
        java.io.PrintWriter err = spec.commandLine().getErr();
        try {
            if (ttlSeconds < 1 || ttlSeconds > DcuRequestCommand.MAX_TTL_SECONDS) {
                throw new ConsoleException(ConsoleErrors.USAGE, "--ttl " + ttlSeconds + ": DCUs accept 1 to "
                        + DcuRequestCommand.MAX_TTL_SECONDS + " s; give 1 to " + DcuRequestCommand.MAX_TTL_SECONDS);
            }
            connection.check();
            OperatorKey key = operatorKey == null ? null : OperatorKey.read(operatorKey);
            Clock clock = Clock.systemUTC();
            // the broker first: a console that cannot connect creates no store
            try (ConsoleClient client = ConsoleClient.connect(connection);
                 FleetStore store = FleetStore.open(storeDir, clock)) {
                ConsoleLink link = ConsoleLink.of(client, key, Duration.ofSeconds(ttlSeconds));
                try (FleetRollouts fleet = new FleetRollouts(store, link, key == null ? null
                        : driver(store, key, clock), err).start(FLEET_POLL);
                     WebConsole web = WebConsole.builder(link).fleet(fleet)
                             .bind(bind).port(port).advertiseHost(advertiseHost).log(err)
                             .version(new FumsConsole.Version().getVersion()[0]).start()) {
                    serve(web, key);
                }
            }
            return 0;
        } catch (FumsException e) {
            err.println("fums-console serve: fleet store " + storeDir + ": " + e.code() + " " + e.getMessage());
            err.flush();
            return ConsoleErrors.IO;
        } catch (ConsoleException e) {
            err.println("fums-console serve: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (java.io.IOException e) {
            err.println("fums-console serve: " + e.getMessage());
            err.flush();
            return ConsoleErrors.IO;
        }
    }

    /** Tells where the console is, then waits for Ctrl-C. */
    private void serve(WebConsole web, OperatorKey key) throws InterruptedException {
        spec.commandLine().getOut().println("web console at " + web.url() + (key == null
                ? " (read-only: no operator key)" : " (commands signed with operator key " + key.keyId() + ")")
                + "; fleet store " + storeDir + "; Ctrl-C to stop");
        spec.commandLine().getOut().flush();
        new CountDownLatch(1).await();
    }

    /** The fleet rollouts' driver here: as {@code fleet rollout start} with its default settings. */
    private FleetRollouts.Driver driver(FleetStore store, OperatorKey key, Clock clock) {
        return FleetRollouts.driver(connection, key, store, clock, new RolloutDriver.Settings("web-"
                + ProcessHandle.current().pid(), "fums-fleet", Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(900), Duration.ofSeconds(ttlSeconds), bind, 0, advertiseHost));
    }
}
