package io.fums.emulator.meter.cli;

import io.fums.emulator.meter.config.ConfigFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One line for every mistake: a command-line tool's errors as
 * {@code tool: what is wrong; how to fix it} on stderr, never a stack trace,
 * and the exit codes the other FUMS tools use (fums-pkg, fums-console):
 * {@link #OK} 0, {@link #FAILED} 1, {@link #USAGE} 2 (a bad option or a file
 * whose content is wrong), {@link #IO} 3 (a missing or existing file, a busy
 * or unreachable port). {@code FUMS_TRACE=1} in the environment adds the
 * stack trace of an unexpected error, for a developer. An {@link IllegalStateException} is a failure the
 * tool describes itself (exit 1, its message as is).
 */
public final class CliErrors {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int IO = 3;

    /** A qualified exception class name with its colon, as Java prints causes inside messages. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ");

    /** A usage or configuration mistake found by a command itself: exit code 2, the message as is. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** An I/O problem the person can fix (an existing file, a busy port): exit code 3, the message as is. */
    public static final class IoProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public IoProblem(String message) {
            super(message);
        }
    }

    private CliErrors() {
    }

    /** Installs the one-line handlers for bad options and for errors of the commands; returns {@code cl}. */
    public static CommandLine install(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine bad = ex.getCommandLine();
            String hint = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)" : "";
            bad.getErr().println(bad.getCommandSpec().qualifiedName() + ": " + clean(ex.getMessage()) + hint
                    + "; see " + bad.getCommandSpec().qualifiedName() + " --help");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, failed, parsed) -> {
            failed.getErr().println(failed.getCommandSpec().root().name() + ": " + line(ex));
            if ("1".equals(System.getenv("FUMS_TRACE")) && code(ex) == FAILED) {
                ex.printStackTrace(failed.getErr());
            }
            return code(ex);
        });
        return cl;
    }

    /** The exit code for {@code e}. */
    public static int code(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof UsageException || t instanceof ConfigFileException || t instanceof IllegalArgumentException
                || t instanceof com.google.gson.JsonParseException) {
            return USAGE;
        }
        if (t instanceof IoProblem || t instanceof IOException) {
            return IO;
        }
        return FAILED;
    }

    /** What is wrong and, where we know it, how to fix it: one line. */
    public static String line(Throwable e) {
        Throwable t = unwrap(e);
        String file = t instanceof FileSystemException f ? f.getFile() : null;
        if (t instanceof NoSuchFileException) {
            return "no such file or folder: " + file + "; check the path";
        }
        if (t instanceof FileAlreadyExistsException) {
            return file + " already exists; remove it or choose another name";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + file + "; choose a path you may write, or fix its permissions";
        }
        if (t instanceof NotDirectoryException) {
            return file + " is not a folder; choose a folder";
        }
        if (t instanceof FileSystemException f) {
            return f.getFile() + ": " + f.getReason() + "; check the path";
        }
        if (t instanceof BindException || hasCause(t, BindException.class)) {
            return clean(t.getMessage()) + "; the port is in use: stop what uses it or choose another port";
        }
        if (t instanceof ConnectException) {
            return "cannot connect: " + clean(t.getMessage()) + "; is it running, on that port?";
        }
        if (code(t) == FAILED && !(t instanceof IllegalStateException)) {
            return "unexpected error: " + t.getClass().getSimpleName() + ": " + clean(t.getMessage())
                    + " (FUMS_TRACE=1 shows where; please report it)";
        }
        return clean(t.getMessage());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof CommandLine.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "(no detail)";
        }
        String firstLine = message.strip().lines().findFirst().orElse("");
        return CLASS_PREFIX.matcher(firstLine).replaceAll("");
    }
}
