package io.fums.crypto.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.ReleaseNotes;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.ManifestCodec;
import io.fums.crypto.pkg.PackageArchive;
import io.fums.crypto.pkg.PackageBuilder;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.PackageSigner;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.pkg.ZipArchiveWriter;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builds packages at test time: good ones through the real builder and signer, hostile ones by hand. */
final class TestPackages {

    static final Instant CREATED = Instant.parse("2026-01-15T10:00:00Z");
    static final DeviceType E350 = DeviceType.of("ACME-E350");
    static final DeviceType E360 = DeviceType.of("ACME-E360");

    private TestPackages() {
    }

    static PackageManifest template(String version, boolean downgrade) {
        return new PackageManifest(1, PackageKind.METER_FIRMWARE, "acme-e350-fw", FirmwareVersion.parse(version), "ACME Metering",
                List.of(E350, E360), Map.of(E360, FirmwareVersion.parse("2.0.0")),
                new ReleaseNotes(List.of("Load profile with 15-minute period"), List.of("Clock drift after power loss")),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), CREATED, downgrade);
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** An unsigned package: a random image and a text file, both stored (the only method). */
    static Path unsigned(Path dir, String version, boolean downgrade) throws IOException {
        Path image = Files.write(dir.resolve("image-" + version + ".bin"), random(7, 2048));
        Path notes = Files.writeString(dir.resolve("notes-" + version + ".txt"), "release notes\n".repeat(80));
        Path out = dir.resolve("pkg-" + version + (downgrade ? "-down" : "") + ".zip");
        new PackageBuilder(template(version, downgrade)).payload(image, "firmware/image.bin")
                .payload(notes, "notes.txt").build(out);
        return out;
    }

    /** Signed by the vendor and approved by the utility. */
    static Path good(Path dir, TestPki pki, String version) throws Exception {
        return good(dir, pki, version, false);
    }

    static Path good(Path dir, TestPki pki, String version, boolean downgrade) throws Exception {
        Path p = unsigned(dir, version, downgrade);
        sign(p, pki.vendor, KeyRole.VENDOR);
        sign(p, pki.utility, KeyRole.UTILITY);
        return p;
    }

    static void sign(Path pkg, SigningKey key, KeyRole role) throws Exception {
        PackageSigner.sign(pkg, pkg, key, role, PackageLimits.DEFAULTS);
    }

    /** A package written by hand: stored entries, manifest, signatures, payloads in that order. */
    static Path assemble(Path out, byte[] manifest, List<SignatureFile> signatures, Map<String, byte[]> payloads) throws IOException {
        Files.deleteIfExists(out);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ZipArchiveWriter w = new ZipArchiveWriter(ch);
            w.addBytes(PackageArchive.MANIFEST, manifest);
            for (SignatureFile s : signatures) {
                w.addBytes(s.entryName(), s.toBytes());
            }
            for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
                w.addBytes(e.getKey(), e.getValue());
            }
            w.finish();
        }
        return out;
    }

    /** A package with one stored payload and the given manifest bytes, signed by vendor and utility. */
    static Path signedWithManifest(Path out, TestPki pki, byte[] manifest, byte[] payload) throws IOException {
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("firmware/image.bin", payload);
        return assemble(out, manifest, signatures(manifest, pki), payloads);
    }

    static List<SignatureFile> signatures(byte[] manifest, TestPki pki) {
        List<SignatureFile> s = new ArrayList<>(List.of(SignatureFile.sign(pki.vendor, KeyRole.VENDOR, manifest),
                SignatureFile.sign(pki.utility, KeyRole.UTILITY, manifest)));
        s.sort((a, b) -> a.entryName().compareTo(b.entryName()));
        return s;
    }

    /** The manifest of a one-payload package, as JSON text to edit. */
    static String manifestJson(byte[] payload) {
        PackageManifest m = template("2.5.0", false).withPayloads(List.of(new PayloadInfo("firmware/image.bin", payload.length,
                Text.hex(PayloadCheck.sha256().digest(payload)))));
        return new String(ManifestCodec.write(m), java.nio.charset.StandardCharsets.UTF_8);
    }

    static DefaultPackageVerifier verifier(TestPki pki) {
        return new DefaultPackageVerifier(TrustSource.fixed(pki.ring()), PackageLimits.DEFAULTS);
    }

    /** Asserts that the call is refused with {@code code}; returns the exception. */
    static FumsException refused(ThrowingCallable call, ErrorCode code) {
        AtomicReference<FumsException> caught = new AtomicReference<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(FumsException.class, e -> {
            caught.set(e);
            org.assertj.core.api.Assertions.assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        });
        return caught.get();
    }

    static byte[] readAll(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
