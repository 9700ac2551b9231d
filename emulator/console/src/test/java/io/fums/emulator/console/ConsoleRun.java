package io.fums.emulator.console;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs fums-console in this JVM and captures its exit code and output. */
record ConsoleRun(int rc, String out, String err) {

    static ConsoleRun of(String... args) {
        return of(new StringWriter(), new StringWriter(), args);
    }

    /** Runs with the given writers, which another thread may read while the command runs. */
    static ConsoleRun of(StringWriter out, StringWriter err, String... args) {
        int rc = FumsConsole.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new ConsoleRun(rc, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "rc=" + rc + "\n--- out\n" + out + "--- err\n" + err;
    }
}
