package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.pkg.ZipArchiveReader;
import io.fums.crypto.pkg.ZipArchiveWriter;
import io.fums.crypto.pkg.ZipEntryInfo;
import io.fums.crypto.pkg.ZipProfile;
import io.fums.crypto.sign.TrustSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bad inputs of issue 3 about the package itself: ZIP structure, manifest, sizes and hashes. */
class PackageStructureTest {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final PackageVerifier verifier = TestPackages.verifier(pki);
    private final byte[] payload = TestPackages.random(11, 1500);

    private FumsException verifyRefused(Path p, ErrorCode code) {
        return refused(() -> verifier.verify(p, VerifyOptions.none()), code);
    }

    private Path withManifest(String json) throws IOException {
        return TestPackages.signedWithManifest(dir.resolve("m.zip"), pki, json.getBytes(StandardCharsets.UTF_8), payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 22, 23, 100, 1000, -1})
    @Tag("UC-3")
    @Tag("SM-11")
    void aTruncatedZipIsMalformed(int cut) throws Exception {
        byte[] good = Files.readAllBytes(TestPackages.good(dir, pki, "2.5.0"));
        int keep = cut < 0 ? good.length / 2 : good.length - cut;
        Path p = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(good, keep));
        verifyRefused(p, ErrorCode.PKG_MALFORMED);
        verifyRefused(Files.write(dir.resolve("empty.zip"), new byte[0]), ErrorCode.PKG_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.sh", "firmware/../../etc/passwd", "/etc/cron.d/x", "..\\windows\\x.dll", "C:evil", "a\\b"})
    @Tag("UC-3")
    @Tag("SM-11")
    void anEntryThatEscapesTheDirectoryIsRefused(String name) throws Exception {
        Path p = dir.resolve("traversal.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write(TestPackages.manifestJson(payload).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry(name));
            z.write("#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        FumsExceptionAssert.message(verifyRefused(p, ErrorCode.PKG_PATH_TRAVERSAL), "escapes");
    }

    @Test
    @Tag("UC-3")
    @Tag("SM-11")
    void aDeflatedEntryEvenAZipBombIsRefusedBeforeAnyByteIsInflated() throws Exception {
        byte[] declared = new byte[1024];
        byte[] bomb = deflatedZeros(64 << 20);
        for (long usize : new long[] {1024, 64 << 20}) {
            Path p = rawPackage(TestPackages.manifestJson(declared), ZipProfile.DEFLATED, crc(declared), usize, bomb);
            long[] received = {0};
            FumsException e = refused(() -> verifier.verify(p, VerifyOptions.none().copyTo(x -> new CountingStream(received))),
                    ErrorCode.PKG_NONCANONICAL);
            assertThat(e.getMessage()).contains("firmware/image.bin", "deflated", "stored");
            assertThat(received[0]).isZero();
        }
        Path honest = rawPackage(TestPackages.manifestJson(declared), ZipProfile.DEFLATED, crc(declared), 1024, deflate(declared));
        verifyRefused(honest, ErrorCode.PKG_NONCANONICAL);
        Path bzip2 = rawPackage(TestPackages.manifestJson(declared), 12, crc(declared), 1024, declared);
        FumsExceptionAssert.message(verifyRefused(bzip2, ErrorCode.PKG_MALFORMED), "unsupported method");
    }

    @ParameterizedTest
    @ValueSource(strings = {"formatVersion", "kind", "name", "version", "vendor", "compatibleDeviceTypes", "prerequisites",
        "releaseNotes", "payloads", "createdAt"})
    @Tag("UC-1")
    @Tag("UC-3")
    void aManifestMissingAFieldIsRefusedNamingIt(String field) throws Exception {
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(TestPackages.manifestJson(payload)).getAsJsonObject();
        o.remove(field);
        FumsExceptionAssert.message(verifyRefused(withManifest(o.toString()), ErrorCode.PKG_MANIFEST_INVALID), "'" + field + "'", "missing");
    }

    @Test
    @Tag("UC-1")
    @Tag("UC-3")
    void aManifestWithAnUnknownKindIsRefused() throws Exception {
        String json = TestPackages.manifestJson(payload).replace("\"meter-firmware\"", "\"bootloader\"");
        FumsExceptionAssert.message(verifyRefused(withManifest(json), ErrorCode.PKG_MANIFEST_INVALID), "'kind'", "bootloader");
    }

    @Test
    @Tag("UC-3")
    void aManifestWithAWrongTypeOrUnknownFieldIsRefused() throws Exception {
        String m = TestPackages.manifestJson(payload);
        FumsExceptionAssert.message(verifyRefused(withManifest(m.replace("\"size\": 1500", "\"size\": \"1500\"")),
                ErrorCode.PKG_MANIFEST_INVALID), "'payloads[0].size'", "integer");
        FumsExceptionAssert.message(verifyRefused(withManifest(m.replace("\"downgrade\": false", "\"downgrade\": false, \"x\": 1")),
                ErrorCode.PKG_MANIFEST_INVALID), "unknown field 'x'");
        FumsExceptionAssert.message(verifyRefused(withManifest(m.replace("\"version\": \"2.5.0\"", "\"version\": \"two\"")),
                ErrorCode.PKG_MANIFEST_INVALID), "'version'");
        FumsExceptionAssert.message(verifyRefused(withManifest(m.replace("\"downgrade\": false", "\"downgrade\": false, \"kind\": \"dcu-software\"")),
                ErrorCode.PKG_MANIFEST_INVALID), "appears twice");
    }

    @Test
    @Tag("UC-3")
    @Tag("SM-4")
    void aPayloadHashMismatchIsRefused() throws Exception {
        String m = TestPackages.manifestJson(payload);
        String sha = Text.hex(PayloadCheck.sha256().digest(payload));
        String other = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
        verifyRefused(withManifest(m.replace(sha, other)), ErrorCode.PKG_HASH_MISMATCH);
    }

    @Test
    @Tag("UC-3")
    @Tag("SM-3")
    void aPayloadSizeMismatchIsRefused() throws Exception {
        String m = TestPackages.manifestJson(payload);
        verifyRefused(withManifest(m.replace("\"size\": 1500", "\"size\": 1501")), ErrorCode.PKG_SIZE_MISMATCH);
        verifyRefused(withManifest(m.replace("\"size\": 1500", "\"size\": 1499")), ErrorCode.PKG_SIZE_MISMATCH);
    }

    @Test
    @Tag("UC-3")
    @Tag("SM-4")
    void oneFlippedBitInThePayloadIsAHashMismatch() throws Exception {
        Path p = TestPackages.good(dir, pki, "2.5.0");
        ZipEntryInfo image = entry(p, "firmware/image.bin");
        flip(p, image.dataOffset() + 1000, 3);
        verifyRefused(p, ErrorCode.PKG_HASH_MISMATCH);
    }

    @Test
    @Tag("UC-3")
    @Tag("SM-11")
    void oneFlippedBitInTheManifestOrASignatureEntryIsRefused() throws Exception {
        Path p = TestPackages.good(dir, pki, "2.5.0");
        Path q = Files.copy(p, dir.resolve("q.zip"));
        flip(p, entry(p, "manifest.json").dataOffset() + 40, 0);
        verifyRefused(p, ErrorCode.PKG_MALFORMED);
        flip(q, entry(q, "signatures/" + pki.utility.keyId() + ".sig").dataOffset() + 70, 5);
        verifyRefused(q, ErrorCode.PKG_MALFORMED);
    }

    @Test
    @Tag("UC-3")
    void anEntryNotListedInTheManifestOrAMissingPayloadIsRefused() throws Exception {
        byte[] manifest = TestPackages.manifestJson(payload).getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("firmware/image.bin", payload);
        extra.put("firmware/backdoor.bin", new byte[] {1});
        FumsExceptionAssert.message(verifyRefused(TestPackages.assemble(dir.resolve("x.zip"), manifest,
                TestPackages.signatures(manifest, pki), extra), ErrorCode.PKG_MALFORMED), "not listed");
        Map<String, byte[]> missing = new LinkedHashMap<>();
        missing.put("other.bin", payload);
        verifyRefused(TestPackages.assemble(dir.resolve("y.zip"), manifest, TestPackages.signatures(manifest, pki), missing),
                ErrorCode.PKG_MALFORMED);
    }

    @Test
    @Tag("UC-3")
    void limitsOnPackageSizeAndEntriesHold() throws Exception {
        Path p = TestPackages.good(dir, pki, "2.5.0");
        PackageVerifier small = new DefaultPackageVerifier(TrustSource.fixed(pki.ring()), new PackageLimits(2048, 64, 4096, 1 << 20));
        refused(() -> small.verify(p, VerifyOptions.none()), ErrorCode.PKG_TOO_LARGE);
        PackageVerifier few = new DefaultPackageVerifier(TrustSource.fixed(pki.ring()), new PackageLimits(1 << 20, 3, 4096, 1 << 20));
        refused(() -> few.verify(p, VerifyOptions.none()), ErrorCode.PKG_TOO_LARGE);
        PackageVerifier tinyPayload = new DefaultPackageVerifier(TrustSource.fixed(pki.ring()), new PackageLimits(1 << 20, 64, 4096, 100));
        refused(() -> tinyPayload.verify(p, VerifyOptions.none()), ErrorCode.PKG_TOO_LARGE);
    }

    @Test
    @Tag("UC-3")
    void aPlainJavaZipOutsideTheProfileIsMalformed() throws Exception {
        Path p = dir.resolve("plain.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write(TestPackages.manifestJson(payload).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("firmware/image.bin"));
            z.write(payload);
            z.closeEntry();
        }
        verifyRefused(p, ErrorCode.PKG_MALFORMED);
    }

    // ---- helpers

    private Path rawPackage(String manifestJson, int method, long crc, long usize, byte[] data) throws IOException {
        byte[] manifest = manifestJson.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("raw.zip");
        Files.deleteIfExists(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ZipArchiveWriter w = new ZipArchiveWriter(ch);
            w.addBytes("manifest.json", manifest);
            for (SignatureFile s : TestPackages.signatures(manifest, pki)) {
                w.addBytes(s.entryName(), s.toBytes());
            }
            w.addRaw("firmware/image.bin", method, crc, usize, data);
            w.finish();
        }
        return p;
    }

    static byte[] deflatedZeros(int size) {
        Deflater d = new Deflater(9, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < size / zeros.length; i++) {
            d.setInput(zeros);
            while (!d.needsInput()) {
                out.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    static ZipEntryInfo entry(Path p, String name) throws Exception {
        try (FileChannel ch = FileChannel.open(p)) {
            List<ZipEntryInfo> entries = ZipArchiveReader.open(ch, 1L << 30, 64).entries();
            return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
        }
    }

    static void flip(Path p, long offset, int bit) throws IOException {
        byte[] b = Files.readAllBytes(p);
        b[(int) offset] ^= (byte) (1 << bit);
        Files.write(p, b);
    }

    private static final class CountingStream extends OutputStream {
        private final long[] count;

        CountingStream(long[] count) {
            this.count = count;
        }

        @Override
        public void write(int b) {
            count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count[0] += len;
        }
    }
}
