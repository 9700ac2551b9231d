package io.fums.emulator.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--http-port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--advertise-host", defaultValue = "127.0.0.1", description = "host name in the printed URLs")
    String advertiseHost;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("fums-console: no such folder: " + dir);
            return 3;
        }
        try (PackageServer server = new PackageServer(dir, bind, port, advertiseHost)) {
            spec.commandLine().getOut().println("serving " + dir.toAbsolutePath() + " at " + server.url("") + " (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
