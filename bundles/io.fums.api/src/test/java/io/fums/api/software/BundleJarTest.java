package io.fums.api.software;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleJarTest {

    @TempDir
    Path tmp;

    private Path jar(String bsn, String version) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        }
        if (version != null) {
            m.getMainAttributes().putValue("Bundle-Version", version);
        }
        Path p = tmp.resolve(bsn + "-" + version + ".jar");
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return p;
    }

    @Test
    void readsNameWithoutDirectivesAndVersion() throws Exception {
        assertThat(BundleJar.read(jar("a.b;singleton:=true", "1.2.3"))).contains(new BundleJar("a.b", "1.2.3"));
        assertThat(BundleJar.read(jar("a.c", null))).contains(new BundleJar("a.c", "0.0.0"));
    }

    @Test
    void aPlainJarIsNoBundle() throws Exception {
        assertThat(BundleJar.read(jar(null, "1.0"))).isEmpty();
    }
}
