package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.launcher.RuntimeDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The staged distribution matches its feature descriptor, and our bundles follow the conventions. */
class DistributionContentsTest {

    @Test
    void everyListedBundleIsShippedAndEveryShippedJarIsListed() throws IOException {
        List<String> listed = Distribution.descriptor().entries().stream()
                .map(RuntimeDescriptor.Entry::fileName).sorted().collect(Collectors.toList());
        List<String> shipped;
        try (Stream<Path> files = Files.list(Distribution.bundles())) {
            shipped = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
        }
        assertThat(shipped).as("jars in bundles/ vs runtime.feature").isEqualTo(listed);
    }

    @Test
    void everyShippedJarIsABundleAndFumsBundlesAreDeclarativeServicesOnly() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuntimeDescriptor.Entry e : Distribution.descriptor().entries()) {
            try (JarFile jar = new JarFile(Distribution.bundles().resolve(e.fileName()).toFile())) {
                Attributes main = jar.getManifest().getMainAttributes();
                String bsn = main.getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    problems.add(e + ": not an OSGi bundle (no Bundle-SymbolicName)");
                    continue;
                }
                if (e.groupId().equals("io.fums")) {
                    if (!bsn.equals(e.artifactId())) {
                        problems.add(e + ": Bundle-SymbolicName " + bsn + " differs from the artifactId");
                    }
                    if (main.getValue("Bundle-Activator") != null) {
                        problems.add(e + ": has a BundleActivator (application bundles are DS-only)");
                    }
                    String exports = main.getValue("Export-Package");
                    if (exports != null && exports.contains(".internal")) {
                        problems.add(e + ": exports an internal package: " + exports);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void startScriptIsExecutableAndJvmOptionsLiveInOnePlace() throws IOException {
        Path script = Distribution.staging().resolve("bin/fums-dcu");
        assertThat(Files.readString(script)).contains("conf/jvm.options").contains("FUMS_DATA");
        assertThat(Files.readAllLines(Distribution.staging().resolve("conf/jvm.options"))).contains("-Xmx64m");
        assertThat(Distribution.staging().resolve("systemd/fums-dcu.service")).exists();
        assertThat(Distribution.staging().resolve("lib/io.fums.launcher.jar")).exists();
        assertThat(Distribution.staging().resolve("lib/org.apache.felix.framework.jar")).exists();
    }
}
