package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's commands: finds the command a line names, checks its arguments, runs it, and audits every
 * state-changing command and every refused line with the technician's identity (refused lines within the session's
 * {@link RefusalBudget}, the rest as one count). {@code help} lists them.
 *
 * <p>Thread-safe once built: sessions share one table.
 */
final class CommandTable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandTable.class);
    private static final int AUDITED_LINE_CHARS = 200;

    /** What a line gave: the text to show, and the refusal's code (null when it went well). */
    record Reply(String text, ErrorCode code) {
        boolean ok() {
            return code == null;
        }
    }

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final AuditLog audit;

    CommandTable(AuditLog audit, List<Command> all) {
        this.audit = audit;
        for (Command c : all) {
            if (commands.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two commands named " + c.name());
            }
        }
    }

    /**
     * Runs one typed line for {@code technician} ({@code technician:<user>@shell}); a refused line is audited within
     * the session's {@code budget}.
     */
    Reply execute(String technician, String line, RefusalBudget budget) {
        List<String> words;
        try {
            words = Tokens.split(line);
        } catch (FumsException e) {
            return refused(technician, "shell", line, e, budget);
        }
        if (words.isEmpty()) {
            return new Reply("", null);
        }
        if (words.get(0).equals("help")) {
            return help(technician, line, words, budget);
        }
        Command c = null;
        int used = 0;
        if (words.size() > 1) {
            c = commands.get(words.get(0) + " " + words.get(1));
            used = 2;
        }
        if (c == null) {
            c = commands.get(words.get(0));
            used = 1;
        }
        if (c == null) {
            return refused(technician, words.get(0), line, new FumsException(ErrorCode.CMD_UNKNOWN, unknown(words)), budget);
        }
        Args args;
        try {
            args = new Args(c, words.subList(used, words.size()), technician);
        } catch (FumsException e) {
            return refused(technician, c.name(), line, e, budget);
        }
        try {
            String out = c.handler().run(args);
            if (c.changesState()) {
                record(technician, c, args, null);
            }
            return new Reply(out, null);
        } catch (FumsException e) {
            if (c.changesState()) {
                record(technician, c, args, e);
            } else if (e.code() == ErrorCode.CMD_MALFORMED) {
                return refused(technician, c.name(), line, e, budget);
            }
            return new Reply(c.name() + ": " + e.code() + ": " + e.getMessage(), e.code());
        } catch (RuntimeException e) {
            LOG.error("shell command '{}' of {} failed", c.name(), technician, e);
            FumsException internal = new FumsException(ErrorCode.INTERNAL, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (the trace is in the DCU log)");
            if (c.changesState()) {
                record(technician, c, args, internal);
            }
            return new Reply(c.name() + ": INTERNAL: " + internal.getMessage(), ErrorCode.INTERNAL);
        }
    }

    /** Every command: name, summary; or one command with usage and example. */
    private Reply help(String technician, String line, List<String> words, RefusalBudget budget) {
        if (words.size() == 1) {
            StringBuilder b = new StringBuilder("Commands (help <command> for its usage and an example):\n");
            for (Command c : commands.values()) {
                b.append(String.format("  %-18s %s%n", c.name(), c.summary()));
            }
            b.append(String.format("  %-18s %s%n", "help [command]", "this list, or one command's usage and example"));
            b.append(String.format("  %-18s %s%n", "quit", "leave the shell (also exit, Ctrl-D)"));
            return new Reply(b.toString(), null);
        }
        String wanted = String.join(" ", words.subList(1, words.size()));
        List<Command> matching = new ArrayList<>();
        for (Command c : commands.values()) {
            if (c.name().equals(wanted) || c.name().startsWith(wanted + " ")) {
                matching.add(c);
            }
        }
        if (matching.isEmpty()) {
            return refused(technician, "help", line, new FumsException(ErrorCode.CMD_UNKNOWN, unknown(words.subList(1, words.size()))), budget);
        }
        StringBuilder b = new StringBuilder();
        for (Command c : matching) {
            b.append(c.name()).append(": ").append(c.summary()).append('\n')
                    .append("  usage:   ").append(c.usage()).append('\n')
                    .append("  example: ").append(c.example()).append('\n');
            if (c.changesState()) {
                b.append("  audited with your identity\n");
            }
        }
        return new Reply(b.toString(), null);
    }

    private String unknown(List<String> words) {
        String first = words.get(0);
        TreeSet<String> subs = new TreeSet<>();
        for (String name : commands.keySet()) {
            if (name.startsWith(first + " ")) {
                subs.add(name.substring(first.length() + 1));
            }
        }
        if (!subs.isEmpty()) {
            String sub = words.size() > 1 ? "'" + words.get(1) + "'" : "nothing";
            return "'" + first + "' takes one of " + String.join(", ", subs) + ", not " + sub + "; see help " + first;
        }
        return "no command '" + first + "'; type help for the list";
    }

    private Reply refused(String technician, String name, String line, FumsException e, RefusalBudget budget) {
        String shown = line.length() <= AUDITED_LINE_CHARS ? line : line.substring(0, AUDITED_LINE_CHARS) + "\u2026";
        auditRefusal(technician, AuditEvent.builder(technician, "shell.refused").refused(e.code()).subject(name)
                .detail("line", shown).detail("message", e.getMessage()).build(), budget);
        return new Reply(name + ": " + e.code() + ": " + e.getMessage(), e.code());
    }

    /** Audits a refused line if the session's budget has room; first says how many the budget suppressed before. */
    void auditRefusal(String technician, AuditEvent refusal, RefusalBudget budget) {
        RefusalBudget.Admission a = budget.admit();
        reportSuppressed(technician, a.suppressedBefore(), budget);
        if (a.audit()) {
            append(refusal);
        }
    }

    /** The session ends: one entry for the refusals its budget suppressed and has not reported yet, if any. */
    void endSession(String technician, RefusalBudget budget) {
        reportSuppressed(technician, budget.drain(), budget);
    }

    private void reportSuppressed(String technician, int count, RefusalBudget budget) {
        if (count > 0) {
            RefusalBudget.Policy p = budget.policy();
            append(AuditEvent.builder(technician, "shell.refused.suppressed").detail("count", count)
                    .detail("message", count + " more refused lines suppressed (at most " + p.perWindow()
                            + " audited per session every " + p.window().toSeconds() + " s)").build());
        }
    }

    private void record(String technician, Command c, Args args, FumsException failure) {
        AuditEvent.Builder b = AuditEvent.builder(technician, c.auditAction()).subject(args.arg(0))
                .detail("args", args.positional()).detail("options", args.options()).detail(args.auditDetail());
        if (failure != null) {
            b.refused(failure.code()).detail("message", failure.getMessage());
        }
        append(b.build());
    }

    /** Appends to the audit log; a failure to audit is logged and does not hide the command's outcome. */
    void append(AuditEvent event) {
        try {
            audit.append(event);
        } catch (FumsException e) {
            LOG.error("audit of {} by {} failed: {}", event.action(), event.actor(), e.toString());
        }
    }
}
