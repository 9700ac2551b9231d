package io.fums.features.dcu;

import io.fums.launcher.RuntimeDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build staged the distribution (target/staging), for the tests. */
final class Distribution {

    private Distribution() {
    }

    static Path staging() {
        String dir = System.getProperty("fums.staging");
        if (dir == null) {
            throw new IllegalStateException("system property fums.staging is not set: run the tests through Maven");
        }
        return Path.of(dir);
    }

    static Path bundles() {
        return staging().resolve("bundles");
    }

    static RuntimeDescriptor descriptor() throws IOException {
        Path file = bundles().resolve("runtime.feature");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the build stages it at process-resources");
        }
        return RuntimeDescriptor.read(file);
    }
}
