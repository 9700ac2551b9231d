package io.fums.deploy.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.fums.api.software.BundleJar;

/**
 * The base runtime's bundle jars ({@code <fums.home>/bundles}) by symbolic
 * name: where a bundle that a feature replaced comes back from when the
 * feature is removed or rolled back.
 */
final class BaseRuntime {

    private final Map<String, Path> jars;

    private BaseRuntime(Map<String, Path> jars) {
        this.jars = Map.copyOf(jars);
    }

    static BaseRuntime scan(Path bundlesDir) throws IOException {
        Map<String, Path> jars = new HashMap<>();
        if (bundlesDir != null && Files.isDirectory(bundlesDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(bundlesDir, "*.jar")) {
                for (Path jar : ds) {
                    BundleJar.read(jar).ifPresent(id -> jars.put(id.symbolicName(), jar));
                }
            }
        }
        return new BaseRuntime(jars);
    }

    Optional<Path> jar(String symbolicName) {
        return Optional.ofNullable(jars.get(symbolicName));
    }
}
