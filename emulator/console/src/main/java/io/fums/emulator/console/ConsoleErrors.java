package io.fums.emulator.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command-line tools turn every mistake into one line, {@code <tool>: what is wrong; how to fix it}, and
 * the documented exit code ({@link #OK} to {@link #INTERNAL}; docs/tools.md), never a stack trace.
 */
public final class ConsoleErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Success. */
    public static final int OK = 0;
    /** A DCU or a verification refused (the error code is printed), or a watched campaign ended paused or cancelled. */
    public static final int REFUSED = 1;
    /** Usage or configuration error: a bad option, argument, key, trust store or TLS file. */
    public static final int USAGE = 2;
    /** I/O, connection or timeout: a missing input file, a busy port, an unreachable broker, no answer. */
    public static final int IO = 3;
    /** A defect of the tool itself (please report it with the command line). */
    public static final int INTERNAL = 4;

    /** Sets the handlers, the help option of every subcommand and the converters on a command line. */
    static CommandLine install(CommandLine cl) {
        ConsoleErrors e = new ConsoleErrors();
        cl.setParameterExceptionHandler(e);
        cl.setExecutionExceptionHandler(e);
        cl.registerConverter(Instant.class, ConsoleErrors::instant);
        return cl;
    }

    /** RFC 3339 UTC, e.g. 2026-12-07T03:00:00Z. */
    static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("not RFC 3339 UTC, e.g. 2026-12-07T03:00:00Z");
        }
    }

    /** Where a JSON text went wrong, without the parser's exception class names and advice for programmers. */
    static String jsonProblem(RuntimeException e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? "not JSON" : t.getMessage().lines().findFirst().orElse("");
        return m.replaceAll("^[\\w.$]+Exception: ", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON at", "at");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(parseMessage(ex) + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return USAGE;
    }

    /** The one-line text of a command-line mistake (without the tool's name when picocli names no option). */
    static String parseMessage(ParameterException ex) {
        String prefix = ex.getCommandLine().getCommandSpec().qualifiedName() + ": ";
        if (ex.getCause() instanceof TypeConversionException t && ex.getArgSpec() instanceof OptionSpec o) {
            return prefix + o.longestName() + ": " + t.getMessage();
        }
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            return prefix + ex.getMessage() + "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        return prefix + ex.getMessage();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String tool = cmd.getCommandSpec().root().name();
        int code;
        String message;
        if (ex instanceof ConsoleException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else if (ex instanceof BindException) {
            code = IO;
            message = "cannot listen on the HTTP port: " + ex.getMessage() + "; give a free one with --http-port "
                    + "(0: any free port) or stop what uses it";
        } else if (ex instanceof IOException) {
            code = IO;
            message = ConsoleClient.describe(ex);
        } else if (ex instanceof InterruptedException) {
            code = IO;
            message = "interrupted";
        } else {
            code = INTERNAL;
            message = "internal error: " + ex + "; please report it with the command line";
        }
        err.println(tool + ": " + message);
        err.flush();
        return code;
    }

    /** Why the broker could not be reached, in one line with what to check. */
    static ConsoleException unreachable(String url, MqttException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String at = "cannot reach the broker at " + url + ": ";
        if (root instanceof java.net.ConnectException) {
            return new ConsoleException(3, at + "connection refused; is it running? check --broker", e);
        }
        if (root instanceof java.net.UnknownHostException) {
            return new ConsoleException(3, at + "unknown host " + root.getMessage() + "; check --broker", e);
        }
        if (root instanceof java.net.SocketTimeoutException || e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
            return new ConsoleException(3, at + "no answer in time; is it running and reachable? check --broker", e);
        }
        if (root instanceof javax.net.ssl.SSLException || root instanceof java.security.cert.CertificateException) {
            return new ConsoleException(2, "TLS with the broker at " + url + " failed: " + root.getMessage()
                    + "; check --ca, --cert, --cert-key (or --no-hostname-check for a test broker)", e);
        }
        if (root instanceof IllegalArgumentException) {
            return new ConsoleException(2, "--broker " + url + ": " + root.getMessage() + "; give e.g. ssl://HOST:8883", e);
        }
        int rc = e.getReasonCode();
        if (rc == 0x86 || rc == 0x87 || rc == 0x8C) {
            return new ConsoleException(2, "the broker at " + url + " refused the console (" + ConsoleClient.describe(e)
                    + "); check --username/--password or --cert/--cert-key", e);
        }
        return new ConsoleException(3, at + ConsoleClient.describe(e) + "; check --broker", e);
    }
}
