package io.fums.emulator.console.fleet;

import io.fums.api.error.FumsException;
import io.fums.emulator.console.ConnectionOptions;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.OperatorKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A fleet command: the broker connection (connected only when the command needs it), the console's fleet store,
 * the operator key for signed requests; failures mapped to the console's exit codes (2 usage, 3 I/O or store).
 */
abstract class FleetBase implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR",
            defaultValue = "${env:FUMS_FLEET_STORE:-${sys:user.home}/.fums-console/fleet}",
            description = "the console's fleet store, a folder (env FUMS_FLEET_STORE; default ${DEFAULT-VALUE})")
    Path storeDir;

    @Option(names = {"-k", "--operator-key"}, paramLabel = "PEM", defaultValue = "${env:FUMS_OPERATOR_KEY}",
            description = "operator private key that signs the requests to DCUs (start, resume, cancel, exclude; "
                    + "env FUMS_OPERATOR_KEY)")
    Path operatorKey;

    private ConsoleClient client;
    private FleetStore store;
    final Clock clock = Clock.systemUTC();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ConsoleClient client() throws ConsoleException {
        if (client == null) {
            client = ConsoleClient.connect(connection);
        }
        return client;
    }

    FleetStore store() throws FumsException {
        if (store == null) {
            store = FleetStore.open(storeDir, clock);
        }
        return store;
    }

    OperatorKey key() throws ConsoleException {
        if (operatorKey == null) {
            throw new ConsoleException(2, "this command sends signed requests to DCUs: give --operator-key or set "
                    + "FUMS_OPERATOR_KEY");
        }
        return OperatorKey.read(operatorKey);
    }

    FleetStore.Rollout rollout(String id) throws FumsException, ConsoleException {
        return store().rollout(id).orElseThrow(() -> new ConsoleException(2, "no rollout '" + id + "' in the store "
                + storeDir + "; see fums-console fleet rollout status"));
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ConsoleException e) {
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            return e.exitCode();
        } catch (FumsException e) {
            err().println(spec.qualifiedName() + ": fleet store " + storeDir + ": " + e.code() + " " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            return 2;
        } finally {
            if (client != null) {
                client.close();
            }
            if (store != null) {
                store.close();
            }
            out().flush();
            err().flush();
        }
    }

    abstract int run() throws Exception;
}
