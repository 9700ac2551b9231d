package io.fums.shell.internal;

import io.fums.api.error.FumsException;
import java.util.List;

/**
 * One command of the technician's shell.
 *
 * @param name         one or two words, e.g. {@code health} or {@code campaign pause}
 * @param summary      one line for {@code help}
 * @param usage        the command line with its arguments, e.g. {@code campaign pause <id>}
 * @param example      a command line that works as typed
 * @param minArgs      positional arguments at least
 * @param maxArgs      positional arguments at most
 * @param options      the {@code --name value} options it takes
 * @param changesState true if it changes the DCU or a meter: every use is audited
 * @param handler      what it does
 */
record Command(String name, String summary, String usage, String example, int minArgs, int maxArgs, List<String> options,
               boolean changesState, Handler handler) {

    /** Runs a command; returns what to show, or throws the refusal. */
    @FunctionalInterface
    interface Handler {
        String run(Args args) throws FumsException;
    }

    Command {
        options = List.copyOf(options);
    }

    static Command readOnly(String name, String summary, String usage, String example, int minArgs, int maxArgs, Handler h) {
        return new Command(name, summary, usage, example, minArgs, maxArgs, List.of(), false, h);
    }

    static Command changing(String name, String summary, String usage, String example, int minArgs, int maxArgs, Handler h) {
        return new Command(name, summary, usage, example, minArgs, maxArgs, List.of(), true, h);
    }

    Command withOptions(String... names) {
        return new Command(name, summary, usage, example, minArgs, maxArgs, List.of(names), changesState, handler);
    }

    /** The audit action of this command: {@code shell.} and its words joined by dots. */
    String auditAction() {
        return "shell." + name.replace(' ', '.');
    }
}
