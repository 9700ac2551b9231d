package io.fums.emulator.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Serves a folder of packages over HTTP (with Range) until Ctrl-C. */
@Command(name = "serve", description = "Serve the package files of a folder over HTTP (with Range) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the folder")
    Path dir;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface)")
    String bind;

    @Option(names = "--http-port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})",
            converter = Port.class)
    int port;

    @Option(names = "--advertise-host", defaultValue = "127.0.0.1", description = "host name in the printed URLs")
    String advertiseHost;

    /** A TCP port, 0 to 65535 (0: any free one). */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int p = Integer.parseInt(value);
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("'" + value + "' is not a port: give 1 to 65535, or 0 for any free one");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("fums-console serve: no such folder: " + dir + "; give the folder of the "
                    + "package files");
            return ConsoleErrors.IO;
        }
        try (PackageServer server = new PackageServer(dir, bind, port, advertiseHost)) {
            spec.commandLine().getOut().println("serving " + dir.toAbsolutePath() + " at " + server.url("") + " (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
