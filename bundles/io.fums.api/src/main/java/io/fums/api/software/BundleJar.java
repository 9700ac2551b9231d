package io.fums.api.software;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The identity of an OSGi bundle jar, read from its manifest without
 * installing it: symbolic name (without directives) and version.
 *
 * @param symbolicName {@code Bundle-SymbolicName} without its directives
 * @param version      {@code Bundle-Version} as written, {@code 0.0.0} if absent
 */
public record BundleJar(String symbolicName, String version) {

    /**
     * Reads a jar's identity.
     *
     * @return empty if the jar has no {@code Bundle-SymbolicName} (not a bundle)
     * @throws IOException if the file cannot be read as a jar
     */
    public static Optional<BundleJar> read(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            Attributes a = m == null ? null : m.getMainAttributes();
            String bsn = a == null ? null : a.getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                return Optional.empty();
            }
            String version = a.getValue("Bundle-Version");
            return Optional.of(new BundleJar(bsn.split(";")[0].trim(), version == null ? "0.0.0" : version.trim()));
        }
    }
}
