package io.fums.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.command.CommandCodec;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.sign.EcdsaSignatures;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.pkg.ZipArchiveWriter;
import io.fums.crypto.pkg.ZipProfile;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.fums.security.CommandGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 9, "one package, many encodings": a second encoding of signed
 * content (a deflated payload, a deflate stream with a flipped bit that
 * inflates to the same bytes, the high-s twin of an ECDSA signature) was
 * accepted as another file with the same signed content. Each is refused
 * with its code, audited, and stores nothing; the command signature's high-s
 * twin is refused too and does not burn the genuine command's nonce.
 */
@Tag("SM-11")
@Tag("SEC-3")
@Tag("SEC-9")
class OnePackageManyEncodingsTest {
    /** A wall clock years away from the system clock: every judgement of time uses the injected one. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-03-04T05:06:07Z"), ZoneOffset.UTC);


    private static final String IMAGE = "firmware/image.bin";

    @TempDir
    Path tmp;
    GateFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new GateFixture(tmp, CLOCK);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void aDeflatedTwinAndItsBitFlippedTwinOfAGoodPackageAreRefusedAsNonCanonicalAndAudited() throws Exception {
        byte[] manifest = fx.manifestBytes("2.0.0");
        List<SignatureFile> signatures = signatures(manifest);
        byte[] deflated = deflate(fx.image);
        byte[] flipped = sameContentBitFlip(deflated, fx.image);
        assertThat(flipped).as("a flipped bit that inflates to the same image").isNotEqualTo(deflated);

        refusedAndAudited(write("deflated.zip", manifest, signatures, ZipProfile.DEFLATED, deflated), ErrorCode.PKG_NONCANONICAL);
        refusedAndAudited(write("flipped.zip", manifest, signatures, ZipProfile.DEFLATED, flipped), ErrorCode.PKG_NONCANONICAL);

        Path canonical = write("stored.zip", manifest, signatures, ZipProfile.STORED, fx.image);
        assertThat(take(canonical).verified().manifest().version()).isEqualTo(FirmwareVersion.parse("2.0.0"));
    }

    @Test
    void theHighSTwinOfAValidPackageSignatureIsRefusedAsNonCanonicalAndAudited() throws Exception {
        byte[] manifest = fx.manifestBytes("2.0.0");
        List<SignatureFile> signatures = signatures(manifest);
        SignatureFile vendor = signatures.stream().filter(s -> s.role() == KeyRole.VENDOR).findFirst().orElseThrow();
        byte[] twin = highSTwin(vendor.signature(), vendor.algorithm());
        assertThat(EcdsaSignatures.verify(fx.vendor.publicKey(), vendor.algorithm(), manifest, twin))
                .as("the twin is a mathematically valid signature of the same manifest").isTrue();
        assertThat(EcdsaSignatures.isLowS(vendor.algorithm(), vendor.signature())).as("what fums-pkg signs is low-s").isTrue();
        List<SignatureFile> twinned = new ArrayList<>(signatures);
        twinned.set(signatures.indexOf(vendor), new SignatureFile(vendor.keyId(), vendor.role(), vendor.algorithm(), twin));

        FumsException e = refusedAndAudited(write("high-s.zip", manifest, twinned, ZipProfile.STORED, fx.image),
                ErrorCode.PKG_NONCANONICAL);
        assertThat(e.getMessage()).contains(fx.vendor.keyId(), "high s");
        assertThat(take(write("low-s.zip", manifest, signatures, ZipProfile.STORED, fx.image)).packageSha256()).isNotNull();
    }

    @Test
    @Tag("SEC-4")
    void theHighSTwinOfACommandSignatureIsRefusedAuditedAndLeavesTheNonceToTheGenuineCommand() throws Exception {
        Clock clock = CLOCK;
        CommandGuard guard = fx.guard();
        JsonObject body = new JsonObject();
        body.addProperty("meter", "m-001");
        Instant now = clock.instant();
        String genuine = CommandSigner.sign(fx.operator, "disconnect", DeviceId.of("dcu-0042"), now.minusSeconds(5),
                now.plus(Duration.ofMinutes(5)), "nonce-of-item-9-000001", body);
        CommandCodec.Envelope env = CommandCodec.parseEnvelope(genuine.getBytes(StandardCharsets.UTF_8));
        byte[] twinSig = highSTwin(env.signature(), env.algorithm());
        assertThat(EcdsaSignatures.verify(fx.operator.publicKey(), env.algorithm(), env.payload(), twinSig)).isTrue();
        byte[] twin = CommandCodec.writeEnvelope(new CommandCodec.Envelope(env.keyId(), env.algorithm(), env.payload(), twinSig))
                .getBytes(StandardCharsets.UTF_8);

        int before = fx.audit.query(AuditQuery.all()).size();
        Throwable t = catchThrowable(() -> guard.admit(twin, "disconnect", "mqtt"));
        assertThat(t).isInstanceOf(FumsException.class);
        assertThat(((FumsException) t).code()).as(t.getMessage()).isEqualTo(ErrorCode.CMD_NONCANONICAL);
        List<AuditEntry> entries = fx.audit.query(AuditQuery.all());
        assertThat(entries).hasSize(before + 1);
        assertThat(entries.get(0).action()).isEqualTo("command.refuse");
        assertThat(entries.get(0).outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(entries.get(0).reason()).isEqualTo(ErrorCode.CMD_NONCANONICAL.name());

        assertThat(guard.admit(genuine.getBytes(StandardCharsets.UTF_8), "disconnect", "mqtt").nonce())
                .isEqualTo("nonce-of-item-9-000001");
    }

    // ---- helpers

    private io.fums.security.StoredPackage take(Path pkg) throws Exception {
        return fx.intake(fx.trust()).take(pkg, PackageKind.METER_FIRMWARE, GateFixture.METER, FirmwareVersion.parse("1.0.0"), "test");
    }

    private FumsException refusedAndAudited(Path pkg, ErrorCode expected) throws Exception {
        int before = fx.audit.query(AuditQuery.all()).size();
        Throwable t = catchThrowable(() -> take(pkg));
        assertThat(t).as("refused").isInstanceOf(FumsException.class);
        FumsException e = (FumsException) t;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(expected);
        List<AuditEntry> entries = fx.audit.query(AuditQuery.all());
        assertThat(entries).hasSize(before + 1);
        assertThat(entries.get(0).action()).isEqualTo("package.refuse");
        assertThat(entries.get(0).outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(entries.get(0).reason()).isEqualTo(expected.name());
        assertThat(fx.images.list()).as("nothing stored").isEmpty();
        return e;
    }

    private List<SignatureFile> signatures(byte[] manifest) {
        List<SignatureFile> s = new ArrayList<>(List.of(SignatureFile.sign(fx.vendor, KeyRole.VENDOR, manifest),
                SignatureFile.sign(fx.utility, KeyRole.UTILITY, manifest)));
        s.sort(Comparator.comparing(SignatureFile::entryName));
        return s;
    }

    /** The package with the image entry written with {@code method} and {@code data} as given (CRC of the image). */
    private Path write(String name, byte[] manifest, List<SignatureFile> signatures, int method, byte[] data) throws IOException {
        Path out = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ZipArchiveWriter w = new ZipArchiveWriter(ch);
            w.addBytes("manifest.json", manifest);
            for (SignatureFile s : signatures) {
                w.addBytes(s.entryName(), s.toBytes());
            }
            CRC32 crc = new CRC32();
            crc.update(fx.image);
            w.addRaw(IMAGE, method, crc.getValue(), fx.image.length, data);
            w.finish();
        }
        return out;
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * A copy of {@code deflated} with one bit flipped that still inflates to
     * exactly {@code content} (padding bits of a stored block header or of
     * the final byte are ignored by inflaters): searched in the first and
     * last 64 bytes.
     */
    private static byte[] sameContentBitFlip(byte[] deflated, byte[] content) {
        java.util.TreeSet<Integer> offsets = new java.util.TreeSet<>();
        for (int i = 0; i < Math.min(64, deflated.length); i++) {
            offsets.add(i);
            offsets.add(deflated.length - 1 - i);
        }
        for (int at : offsets) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = deflated.clone();
                b[at] ^= (byte) (1 << bit);
                if (Arrays.equals(inflate(b, content.length + 1), content)) {
                    return b;
                }
            }
        }
        throw new IllegalStateException("no same-content bit flip found in " + deflated.length + " deflated bytes");
    }

    /** The inflated bytes, or null if the stream is invalid, does not end, or leaves input over. */
    private static byte[] inflate(byte[] data, int max) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(data);
            byte[] out = new byte[max];
            int n = 0;
            while (!inf.finished() && n < max) {
                int r = inf.inflate(out, n, max - n);
                if (r == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                n += r;
            }
            return inf.finished() && inf.getRemaining() == 0 ? Arrays.copyOf(out, n) : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    /** (r, s) to (r, n - s): the other valid signature of the same message by the same key. */
    static byte[] highSTwin(byte[] der, SignatureAlgorithm alg) throws IOException {
        BigInteger n = CustomNamedCurves.getByName(alg == SignatureAlgorithm.ECDSA_P256_SHA256 ? "P-256" : "P-384").getN();
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(n.subtract(s)));
        return new DERSequence(v).getEncoded("DER");
    }
}
