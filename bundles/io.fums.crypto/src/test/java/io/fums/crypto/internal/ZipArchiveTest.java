package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.crypto.pkg.ZipProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our profile is plain ZIP: any standard tool can list and extract a package. */
class ZipArchiveTest {

    @TempDir
    Path dir;

    @Test
    @Tag("UC-1")
    void aPackageIsReadableByTheJdkZipImplementation() throws Exception {
        TestPki pki = new TestPki();
        Path p = TestPackages.good(dir, pki, "2.5.0");
        try (ZipFile z = new ZipFile(p.toFile())) {
            List<String> names = Collections.list(z.entries()).stream().map(e -> e.getName()).toList();
            assertThat(names).containsExactly("manifest.json", "signatures/" + first(pki) + ".sig", "signatures/" + second(pki) + ".sig",
                    "firmware/image.bin", "notes.txt");
            assertThat(z.getInputStream(z.getEntry("firmware/image.bin")).readAllBytes()).isEqualTo(TestPackages.random(7, 2048));
            assertThat(new String(z.getInputStream(z.getEntry("notes.txt")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("release notes\n".repeat(80));
            assertThat(Collections.list(z.entries())).allSatisfy(e -> assertThat(e.getMethod()).isEqualTo(ZipProfile.STORED));
        }
    }

    private static String first(TestPki pki) {
        return pki.vendor.keyId().compareTo(pki.utility.keyId()) < 0 ? pki.vendor.keyId() : pki.utility.keyId();
    }

    private static String second(TestPki pki) {
        return pki.vendor.keyId().compareTo(pki.utility.keyId()) < 0 ? pki.utility.keyId() : pki.vendor.keyId();
    }
}
