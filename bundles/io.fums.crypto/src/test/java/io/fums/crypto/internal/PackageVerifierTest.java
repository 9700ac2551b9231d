package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.E350;
import static io.fums.crypto.internal.TestPackages.E360;
import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.PackageArchive;
import io.fums.crypto.pkg.PackageBuilder;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.sign.TrustSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The good path and the device checks: compatibility, prerequisite, anti-rollback. */
class PackageVerifierTest {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final PackageVerifier verifier = TestPackages.verifier(pki);

    private static VerifyOptions device(DeviceType type, String installed) {
        return VerifyOptions.none().forDevice(type, installed == null ? null : FirmwareVersion.parse(installed));
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    @Tag("UC-1")
    void aGoodPackageVerifiesAndReportsWhatWasChecked() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        VerifiedPackage v = verifier.verify(pkg, device(E350, "2.4.1").expectKind(PackageKind.METER_FIRMWARE));
        assertThat(v.manifest().version()).isEqualTo(FirmwareVersion.parse("2.5.0"));
        assertThat(v.manifest().releaseNotes().fixedProblems()).containsExactly("Clock drift after power loss");
        assertThat(v.signerKeyIds(KeyRole.VENDOR)).containsExactly(pki.vendor.keyId());
        assertThat(v.signerKeyIds(KeyRole.UTILITY)).containsExactly(pki.utility.keyId());
        assertThat(v.payloadSha256()).containsOnlyKeys("firmware/image.bin", "notes.txt");
        assertThat(v.payloadSha256().get("firmware/image.bin"))
                .isEqualTo(Text.hex(PayloadCheck.sha256().digest(TestPackages.random(7, 2048))));
        assertThat(v.manifestSha256()).hasSize(64);
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-2")
    void payloadsAreCopiedToTheSinkWhileVerified() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        Map<String, ByteArrayOutputStream> stored = new LinkedHashMap<>();
        verifier.verify(pkg, VerifyOptions.none().copyTo(p -> stored.computeIfAbsent(p.file(), f -> new ByteArrayOutputStream())));
        assertThat(stored.get("firmware/image.bin").toByteArray()).isEqualTo(TestPackages.random(7, 2048));
        assertThat(stored.get("notes.txt").toString()).isEqualTo("release notes\n".repeat(80));
    }

    @Test
    @Tag("SM-11")
    void payloadsStreamInBoundedChunksNeverWhole() throws Exception {
        Path image = Files.write(dir.resolve("big.bin"), TestPackages.random(3, 8 << 20));
        Path pkg = dir.resolve("big.zip");
        new PackageBuilder(TestPackages.template("3.0", false)).payload(image, "big.bin").build(pkg);
        TestPackages.sign(pkg, pki.vendor, KeyRole.VENDOR);
        TestPackages.sign(pkg, pki.utility, KeyRole.UTILITY);
        int[] largestWrite = {0};
        long[] total = {0};
        verifier.verify(pkg, VerifyOptions.none().copyTo(p -> new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                largestWrite[0] = Math.max(largestWrite[0], len);
                total[0] += len;
            }
        }));
        assertThat(total[0]).isEqualTo(8 << 20);
        assertThat(largestWrite[0]).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    @Tag("UC-3")
    void aFailingSinkRefusesWithStorageFailed() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        refused(() -> verifier.verify(pkg, VerifyOptions.none().copyTo(p -> {
            throw new IOException("disk full");
        })), ErrorCode.STORAGE_FAILED);
    }

    @Test
    @Tag("UC-1")
    @Tag("SM-11")
    void aValidPackageForAnotherDeviceTypeIsRefused() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        FumsExceptionAssert.message(refused(() -> verifier.verify(pkg, device(DeviceType.of("OTHER-X1"), "2.4.1")),
                ErrorCode.PKG_INCOMPATIBLE), "OTHER-X1");
        refused(() -> verifier.verify(pkg, VerifyOptions.none().expectKind(PackageKind.DCU_SOFTWARE)), ErrorCode.PKG_INCOMPATIBLE);
    }

    @Test
    @Tag("UC-1")
    void aDeviceTypeBelowItsPrerequisiteIsRefused() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        refused(() -> verifier.verify(pkg, device(E360, "1.9.9")), ErrorCode.PKG_PREREQUISITE);
        refused(() -> verifier.verify(pkg, device(E360, null)), ErrorCode.PKG_PREREQUISITE);
        assertThat(verifier.verify(pkg, device(E360, "2.0.0")).manifest().name()).isEqualTo("acme-e350-fw");
        assertThat(verifier.verify(pkg, device(E350, "1.0")).manifest().name()).isEqualTo("acme-e350-fw");
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    void aDowngradeOrReinstallIsRefused() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        refused(() -> verifier.verify(pkg, device(E350, "2.6")), ErrorCode.PKG_DOWNGRADE);
        refused(() -> verifier.verify(pkg, device(E350, "2.5.0")), ErrorCode.PKG_DOWNGRADE);
        refused(() -> verifier.verify(pkg, VerifyOptions.none().installedVersion(FirmwareVersion.parse("2.5"))), ErrorCode.PKG_DOWNGRADE);
        assertThat(verifier.verify(pkg, device(E350, "2.5.0-rc1")).manifest().version().toString()).isEqualTo("2.5.0");
    }

    @Test
    @Tag("SM-11")
    @Tag("UC-3")
    void anExplicitSignedDowngradeIsAccepted() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.3.0", true);
        VerifiedPackage v = verifier.verify(pkg, device(E350, "2.5.0"));
        assertThat(v.manifest().downgrade()).isTrue();
        assertThat(verifier.verify(pkg, device(E350, "2.3.0")).manifest().downgrade()).isTrue();
    }

    @Test
    @Tag("SEC-1")
    @Tag("SM-11")
    void aP384VendorKeyIsAccepted() throws Exception {
        Path pkg = TestPackages.unsigned(dir, "2.5.0", false);
        TestPackages.sign(pkg, pki.vendorP384, KeyRole.VENDOR);
        TestPackages.sign(pkg, pki.utility, KeyRole.UTILITY);
        VerifiedPackage v = verifier.verify(pkg, device(E350, "2.4"));
        assertThat(v.signerKeyIds(KeyRole.VENDOR)).containsExactly(pki.vendorP384.keyId());
    }

    @Test
    @Tag("SM-11")
    void signingAgainWithTheSameKeyReplacesItsSignature() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        TestPackages.sign(pkg, pki.vendor, KeyRole.VENDOR);
        try (var ch = java.nio.channels.FileChannel.open(pkg)) {
            assertThat(PackageArchive.open(ch, PackageLimits.DEFAULTS).signatures()).hasSize(2);
        }
        assertThat(verifier.verify(pkg, VerifyOptions.none()).signerKeyIds(KeyRole.VENDOR)).hasSize(1);
    }

    @Test
    @Tag("SEC-3")
    void aMissingOrBrokenTrustStoreRefusesEverything() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        PackageVerifier noStore = new DefaultPackageVerifier(TrustSource.file(dir.resolve("none.json")), PackageLimits.DEFAULTS);
        refused(() -> noStore.verify(pkg, VerifyOptions.none()), ErrorCode.CONFIG_MISSING);
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"formatVersion\":1,\"keys\":[");
        PackageVerifier brokenStore = new DefaultPackageVerifier(TrustSource.file(broken), PackageLimits.DEFAULTS);
        refused(() -> brokenStore.verify(pkg, VerifyOptions.none()), ErrorCode.CONFIG_INVALID);
    }

    @Test
    @Tag("UC-3")
    void aMissingPackageFileIsRefused() {
        refused(() -> verifier.verify(dir.resolve("nothing.zip"), VerifyOptions.none()), ErrorCode.PKG_MALFORMED);
    }
}
