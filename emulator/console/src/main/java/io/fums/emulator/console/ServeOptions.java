package io.fums.emulator.console;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command serves a package file to DCUs over HTTP (picocli mixin of deploy and firmware stage). */
final class ServeOptions {

    @Option(names = "--advertise-host", defaultValue = "127.0.0.1",
            description = "host name or address the DCUs use to reach this console (default: ${DEFAULT-VALUE})")
    String advertiseHost;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address the HTTP server listens on "
            + "(default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 with --advertise-host for DCUs elsewhere)")
    String bind;

    @Option(names = "--http-port", defaultValue = "0", description = "HTTP port (default: any free port)",
            converter = ServeCommand.Port.class)
    int httpPort;

    /** Serves the file's folder. */
    PackageServer serve(Path file) throws IOException {
        return new PackageServer(file.toAbsolutePath().getParent(), bind, httpPort, advertiseHost);
    }
}
