package io.fums.emulator.console;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the broker: connects, runs, maps failures to exit codes. */
abstract class ConsoleCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        try {
            checkCommonOptions();
            before();
            if (!needsBroker()) {
                return run(null);
            }
            connection.check();
            try (ConsoleClient client = ConsoleClient.connect(connection)) {
                return run(client);
            }
        } catch (ConsoleException e) {
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            return e.exitCode();
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Checks of the options a family of commands shares, before {@link #before()}. */
    void checkCommonOptions() throws ConsoleException {
    }

    /** Checks done before connecting (usage errors). */
    void before() throws ConsoleException {
    }

    /** False when this invocation works offline (e.g. only signs a command into a file): run gets no client. */
    boolean needsBroker() {
        return true;
    }

    /** The command's work; returns the exit code. */
    abstract int run(ConsoleClient client) throws Exception;
}
