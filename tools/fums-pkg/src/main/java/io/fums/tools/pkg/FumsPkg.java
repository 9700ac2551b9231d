package io.fums.tools.pkg;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fums-pkg}: keys, trust stores, building, signing, approving,
 * verifying and inspecting FUMS packages, and signing operator commands.
 *
 * <p>Exit codes (docs/tools.md, the same as fums-console's): 0 success, 1 refused (the error code is printed),
 * 2 usage or configuration error, 3 I/O error, 4 internal error.
 */
@Command(name = "fums-pkg", mixinStandardHelpOptions = true, versionProvider = FumsPkg.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Build, sign, approve, verify and inspect FUMS packages (meter firmware and DCU software); "
                + "manage trust stores; sign operator commands.",
        subcommands = {KeygenCommand.class, BuildCommand.class, SignCommand.class, ApproveCommand.class, VerifyCommand.class,
            InspectCommand.class, TruststoreCommand.class, SignCommandCommand.class, CosignCommandCommand.class,
            VerifyCommandCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:refused: verification failed or input rejected (the error code is printed)",
            "2:usage or configuration error (bad option, invalid key file, missing trust store, ...)",
            "3:I/O error (missing or unreadable file, ...)", "4:internal error (please report it)"})
public final class FumsPkg implements Runnable {

    /** Success. */
    public static final int OK = 0;
    /** Refused: the error code was printed. */
    public static final int REFUSED = 1;
    /** Usage error. */
    public static final int USAGE = 2;
    /** I/O error. */
    public static final int IO = 3;
    /** A defect of the tool. */
    public static final int INTERNAL = 4;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** RFC 3339 UTC, e.g. 2026-12-07T03:00:00Z. */
    static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("not RFC 3339 UTC, e.g. 2026-12-07T03:00:00Z");
        }
    }

    /** The project version, from the filtered resource {@code fums-pkg.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = FumsPkg.class.getResourceAsStream("fums-pkg.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"fums-pkg " + p.getProperty("version", "(unknown version)")};
        }
    }

    /** Runs the tool and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool in-process, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new FumsPkg());
        cl.setOut(out);
        cl.setErr(err);
        cl.registerConverter(Instant.class, FumsPkg::instant);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(PkgUsage.message(ex));
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.print(cmd.getCommandSpec().qualifiedName() + ": ");
            int code = exitCode(ex, err);
            err.flush();
            return code;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCode(Exception ex, PrintWriter err) {
        if (ex instanceof FumsException f) {
            String text = f.getMessage().lines().findFirst().orElse("")
                    .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON at", "at");
            if (f.code() == ErrorCode.CONFIG_MISSING || f.code() == ErrorCode.CONFIG_INVALID) {
                err.println("configuration error " + f.code() + ": " + text + (f.code() == ErrorCode.CONFIG_MISSING
                        ? "; check the path, or create one with 'fums-pkg truststore init FILE'" : ""));
                return USAGE;
            }
            err.println("REFUSED " + f.code() + ": " + text);
            return REFUSED;
        }
        Throwable io = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (io instanceof NoSuchFileException) {
            err.println("I/O error: no such file: " + io.getMessage() + "; check the path");
            return IO;
        }
        if (io instanceof FileAlreadyExistsException) {
            err.println("I/O error: file exists (use --force to replace it): " + io.getMessage());
            return IO;
        }
        if (io instanceof AccessDeniedException) {
            err.println("I/O error: access denied: " + io.getMessage());
            return IO;
        }
        if (io instanceof IOException) {
            err.println("I/O error: " + io);
            return IO;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof java.time.DateTimeException) {
            err.println(ex.getMessage());
            return USAGE;
        }
        err.println("internal error: " + ex + "; please report it with the command line");
        return INTERNAL;
    }
}
