package io.fums.emulator.console;

/** A failure the console reports with an exit code: I/O, connection, timeout (3) or usage (2). */
public final class ConsoleException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public ConsoleException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ConsoleException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** The process exit code to use. */
    public int exitCode() {
        return exitCode;
    }
}
