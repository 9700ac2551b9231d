package io.fums.tools.pkg;

import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fums-pkg}: keys, trust stores, building, signing, approving,
 * verifying and inspecting FUMS packages, and signing operator commands.
 *
 * <p>Exit codes: 0 success, 1 refused (the error code is printed),
 * 2 usage error, 3 I/O error.
 */
@Command(name = "fums-pkg", mixinStandardHelpOptions = true, version = "fums-pkg 0.1.0",
        description = "Build, sign, approve, verify and inspect FUMS packages (meter firmware and DCU software); "
                + "manage trust stores; sign operator commands.",
        subcommands = {KeygenCommand.class, BuildCommand.class, SignCommand.class, ApproveCommand.class, VerifyCommand.class,
            InspectCommand.class, TruststoreCommand.class, SignCommandCommand.class, CosignCommandCommand.class,
            VerifyCommandCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:refused: verification failed or input rejected (the error code is printed)",
            "2:usage error (bad option, invalid key file, ...)", "3:I/O error (missing or unreadable file, ...)"})
public final class FumsPkg implements Runnable {

    /** Success. */
    public static final int OK = 0;
    /** Refused: the error code was printed. */
    public static final int REFUSED = 1;
    /** Usage error. */
    public static final int USAGE = 2;
    /** I/O error. */
    public static final int IO = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
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
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
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
        if (ex instanceof FumsException) {
            err.println("REFUSED " + ex);
            return REFUSED;
        }
        Throwable io = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (io instanceof NoSuchFileException) {
            err.println("I/O error: no such file: " + io.getMessage());
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
            err.println("error: " + ex.getMessage());
            return USAGE;
        }
        err.println("internal error: " + ex);
        ex.printStackTrace(err);
        return IO;
    }
}
