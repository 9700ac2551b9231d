package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.TrustStore;
import io.fums.security.StoredPackage;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad package of issue [2/8] is refused with its code, leaves a
 * REFUSED audit entry with that code, and stores nothing; a good one is
 * stored and re-verifiable (SM-11, SEC-1, SEC-3, SEC-9, UC-1, UC-3).
 */
@Tag("SM-11")
@Tag("SEC-3")
@Tag("SEC-9")
@Tag("UC-3")
class PackageIntakeTest {

    @TempDir
    Path tmp;
    GateFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new GateFixture(tmp, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private FumsException refused(Path pkg, TrustStore trust, DeviceType type, String installed, ErrorCode expected) throws Exception {
        int before = fx.audit.query(AuditQuery.all()).size();
        FumsException e = (FumsException) org.assertj.core.api.Assertions.catchThrowable(() -> fx.intake(trust)
                .take(pkg, PackageKind.METER_FIRMWARE, type, installed == null ? null : FirmwareVersion.parse(installed), "test"));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(expected);
        List<AuditEntry> entries = fx.audit.query(AuditQuery.all());
        assertThat(entries).hasSize(before + 1);
        AuditEntry last = entries.get(0);
        assertThat(last.outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(last.reason()).isEqualTo(expected.name());
        assertThat(last.action()).isEqualTo("package.refuse");
        assertThat(fx.images.list()).as("nothing stored").isEmpty();
        try (var staged = Files.list(tmp.resolve("data/intake"))) {
            assertThat(staged).as("no staging left").isEmpty();
        }
        return e;
    }

    private FumsException refused(Path pkg, ErrorCode expected) throws Exception {
        return refused(pkg, fx.trust(), GateFixture.METER, "1.0.0", expected);
    }

    @Test
    void aGoodPackageIsStoredWithItsPayloadsAndAudited() throws Exception {
        StoredPackage s = fx.intake(fx.trust()).take(fx.good("2.0.0"), PackageKind.METER_FIRMWARE, GateFixture.METER,
                FirmwareVersion.parse("1.0.0"), "test");
        assertThat(s.payloadSha256()).containsEntry("firmware/image.bin", GateFixture.sha256(fx.image));
        assertThat(fx.images.list()).containsExactlyInAnyOrder(s.packageSha256(), GateFixture.sha256(fx.image));
        try (var in = fx.images.open(GateFixture.sha256(fx.image)).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(fx.image);
        }
        AuditEntry last = fx.audit.last().orElseThrow();
        assertThat(last.action()).isEqualTo("package.accept");
        assertThat(last.outcome()).isEqualTo(AuditOutcome.OK);
        assertThat(fx.audit.verify().ok()).isTrue();
    }

    @Test
    void truncatedZip() throws Exception {
        Path good = fx.good("2.0.0");
        byte[] b = Files.readAllBytes(good);
        Path p = Files.write(tmp.resolve("truncated.zip"), Arrays.copyOf(b, b.length / 2));
        refused(p, ErrorCode.PKG_MALFORMED);
    }

    @Test
    void entryPathEscapingTheDirectory() throws Exception {
        Path p = fx.assemble("traversal.zip", fx.manifestBytes("2.0.0"), fx.bothRoles(),
                Map.of("firmware/image.bin", fx.image, "../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8)));
        refused(p, ErrorCode.PKG_PATH_TRAVERSAL);
    }

    @Test
    void zipBombFarLargerThanDeclaredIsRefusedBeforeInflatingAsNoEntryMayBeDeflated() throws Exception {
        byte[] zeros = new byte[1024];
        String sha = GateFixture.sha256(zeros);
        byte[] manifest = io.fums.crypto.pkg.ManifestCodec.write(fx.manifest("2.0.0", zeros.length, sha));
        Path p = tmp.resolve("bomb.zip");
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ)) {
            var w = new io.fums.crypto.pkg.ZipArchiveWriter(ch);
            w.addBytes("manifest.json", manifest);
            for (var s : fx.bothRoles()) {
                var sig = io.fums.crypto.pkg.SignatureFile.sign(s.getKey(), s.getValue(), manifest);
                w.addBytes(sig.entryName(), sig.toBytes());
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(zeros);
            w.addRaw("firmware/image.bin", 8, crc.getValue(), zeros.length, deflatedZeros(64 << 20));
            w.finish();
        }
        refused(p, ErrorCode.PKG_NONCANONICAL);
    }

    private static byte[] deflatedZeros(int n) {
        Deflater d = new Deflater(9, true);
        byte[] zeros = new byte[1 << 20];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < n / zeros.length; i++) {
            d.setInput(zeros);
            while (!d.needsInput()) {
                out.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        return out.toByteArray();
    }

    @Test
    void manifestMissingAField() throws Exception {
        refused(fx.editedManifest("missing.zip", "vendor", null), ErrorCode.PKG_MANIFEST_INVALID);
    }

    @Test
    void manifestWithAnUnknownKind() throws Exception {
        refused(fx.editedManifest("kind.zip", "kind", "toaster-firmware"), ErrorCode.PKG_MANIFEST_INVALID);
    }

    @Test
    void payloadHashMismatch() throws Exception {
        byte[] other = fx.image.clone();
        other[100] ^= 1;
        Path p = fx.assemble("hash.zip", fx.manifestBytes("2.0.0"), fx.bothRoles(), Map.of("firmware/image.bin", other));
        refused(p, ErrorCode.PKG_HASH_MISMATCH);
    }

    @Test
    void payloadSizeMismatch() throws Exception {
        byte[] longer = Arrays.copyOf(fx.image, fx.image.length + 1);
        Path p = fx.assemble("size.zip", fx.manifestBytes("2.0.0"), fx.bothRoles(), Map.of("firmware/image.bin", longer));
        refused(p, ErrorCode.PKG_SIZE_MISMATCH);
    }

    @Test
    void oneFlippedBitInPayloadManifestOrSignatureIsRefused() throws Exception {
        byte[] good = Files.readAllBytes(fx.good("2.0.0"));
        String text = new String(good, StandardCharsets.ISO_8859_1);
        int payloadAt = indexOf(good, Arrays.copyOfRange(fx.image, 1000, 1016)) + 3;
        int manifestAt = text.indexOf("ACME Metering") + 2;
        int signatureAt = text.indexOf("\"sig\"") + 12;
        for (int at : new int[] {payloadAt, manifestAt, signatureAt}) {
            assertThat(at).isGreaterThan(16);
            byte[] b = good.clone();
            b[at] ^= 0x10;
            Path p = Files.write(tmp.resolve("flip-" + at + ".zip"), b);
            FumsException e = refused(p, fx.trust(), GateFixture.METER, "1.0.0", codeOf(p));
            assertThat(e.code().name()).startsWith("PKG_");
        }
    }

    private ErrorCode codeOf(Path p) throws Exception {
        try {
            fx.intake(fx.trust()).take(p, PackageKind.METER_FIRMWARE, GateFixture.METER, FirmwareVersion.parse("1.0.0"), "probe");
        } catch (FumsException e) {
            return e.code();
        }
        throw new AssertionError(p + " was accepted");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void signatureByAnUnknownKey() throws Exception {
        Path p = fx.assemble("unknown.zip", fx.manifestBytes("2.0.0"),
                List.of(Map.entry(fx.vendor, KeyRole.VENDOR), Map.entry(fx.stranger, KeyRole.UTILITY)), Map.of("firmware/image.bin", fx.image));
        refused(p, ErrorCode.PKG_SIGNER_UNKNOWN);
    }

    @Test
    void signatureByARevokedKey() throws Exception {
        refused(fx.good("2.0.0"), fx.trust().withRevoked(fx.vendor.keyId()), GateFixture.METER, "1.0.0", ErrorCode.PKG_SIGNER_REVOKED);
    }

    @Test
    void vendorSignatureWithoutUtilityApproval() throws Exception {
        Path p = fx.assemble("vendor-only.zip", fx.manifestBytes("2.0.0"), List.of(Map.entry(fx.vendor, KeyRole.VENDOR)),
                Map.of("firmware/image.bin", fx.image));
        refused(p, ErrorCode.PKG_THRESHOLD_NOT_MET);
    }

    @Test
    void signaturesSwappedBetweenRoles() throws Exception {
        Path p = fx.assemble("swapped.zip", fx.manifestBytes("2.0.0"),
                List.of(Map.entry(fx.vendor, KeyRole.UTILITY), Map.entry(fx.utility, KeyRole.VENDOR)), Map.of("firmware/image.bin", fx.image));
        refused(p, codeOf(p));
        assertThat(codeOf(p)).isIn(ErrorCode.PKG_THRESHOLD_NOT_MET, ErrorCode.PKG_SIGNATURE_INVALID);
    }

    @Test
    void aValidPackageForAnotherDeviceType() throws Exception {
        refused(fx.good("2.0.0"), fx.trust(), DeviceType.of("OTHER-METER"), "1.0.0", ErrorCode.PKG_INCOMPATIBLE);
    }

    @Test
    void aDowngrade() throws Exception {
        refused(fx.good("2.0.0"), fx.trust(), GateFixture.METER, "2.1.0", ErrorCode.PKG_DOWNGRADE);
    }

    @Test
    void theAuditChainVerifiesAfterManyRefusals() throws Exception {
        for (int i = 0; i < 5; i++) {
            Path p = Files.write(tmp.resolve("junk" + i + ".zip"), new byte[] {1, 2, 3, (byte) i});
            assertThatThrownBy(() -> fx.intake(fx.trust()).take(p, PackageKind.METER_FIRMWARE, null, null, "test"))
                    .isInstanceOf(FumsException.class);
        }
        assertThat(fx.audit.query(AuditQuery.all())).hasSize(5);
        assertThat(fx.audit.verify().ok()).isTrue();
    }
}
