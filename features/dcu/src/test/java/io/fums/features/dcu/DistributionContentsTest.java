package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.launcher.RuntimeDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
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

    /**
     * The DLMS server side (the meter's end: associations, services, the HDLC server transport) is the
     * emulator's (emulator/dlms-server): no class of it, nor of any other emulator module, ships on the DCU,
     * and the io.fums.dlms bundle exports no server package. Nor does Gurux (interop/gurux-meter, issue 15).
     */
    @Test
    @Tag("ARC-1")
    @Tag("CARD-3")
    void noDlmsServerSideShipsOnTheDcu() throws IOException {
        List<String> found = new ArrayList<>();
        boolean sawDlms = false;
        for (RuntimeDescriptor.Entry e : Distribution.descriptor().entries()) {
            try (JarFile jar = new JarFile(Distribution.bundles().resolve(e.fileName()).toFile())) {
                sawDlms |= e.artifactId().equals("io.fums.dlms");
                String exports = jar.getManifest().getMainAttributes().getValue("Export-Package");
                if (exports != null && exports.contains("io.fums.dlms.server")) {
                    found.add(e.fileName() + ": exports io.fums.dlms.server");
                }
                for (JarEntry j : Collections.list(jar.entries())) {
                    String n = j.getName();
                    if (n.startsWith("io/fums/dlms/server/") || n.startsWith("io/fums/emulator/")
                            || n.endsWith("/HdlcServerTransport.class")
                            || n.startsWith("gurux/") || n.startsWith("io/fums/interop/")) {
                        found.add(e.fileName() + "!" + n);
                    }
                }
            }
        }
        assertThat(sawDlms).as("the distribution ships io.fums.dlms").isTrue();
        assertThat(found).as("server-side classes in the DCU distribution").isEmpty();
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
