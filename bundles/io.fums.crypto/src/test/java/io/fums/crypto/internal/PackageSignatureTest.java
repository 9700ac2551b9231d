package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageVerifier;
import io.fums.crypto.TrustStore;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.SignatureFile;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who signed: unknown and revoked keys, bad signatures, roles and thresholds. */
class PackageSignatureTest {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final PackageVerifier verifier = TestPackages.verifier(pki);
    private final byte[] payload = TestPackages.random(11, 1500);
    private final byte[] manifest = TestPackages.manifestJson(payload).getBytes(StandardCharsets.UTF_8);

    private Path withSignatures(SignatureFile... signatures) throws Exception {
        List<SignatureFile> s = new ArrayList<>(List.of(signatures));
        s.sort((a, b) -> a.entryName().compareTo(b.entryName()));
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("firmware/image.bin", payload);
        return TestPackages.assemble(dir.resolve("p.zip"), manifest, s, payloads);
    }

    private SignatureFile sig(SigningKey key, KeyRole claimed) {
        return SignatureFile.sign(key, claimed, manifest);
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void vendorAndUtilitySignaturesVerify() throws Exception {
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.utility, KeyRole.UTILITY));
        assertThat(verifier.verify(p, VerifyOptions.none()).signerKeyIds(KeyRole.UTILITY)).containsExactly(pki.utility.keyId());
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void aSignatureByAnUnknownKeyIsRefused() throws Exception {
        Path p = withSignatures(sig(pki.stranger, KeyRole.VENDOR), sig(pki.utility, KeyRole.UTILITY));
        FumsExceptionAssert.message(refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_SIGNER_UNKNOWN),
                pki.stranger.keyId());
        Path extra = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.utility, KeyRole.UTILITY), sig(pki.stranger, KeyRole.UTILITY));
        refused(() -> verifier.verify(extra, VerifyOptions.none()), ErrorCode.PKG_SIGNER_UNKNOWN);
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void aSignatureByARevokedKeyIsRefusedEvenWithEnoughOthers() throws Exception {
        TrustStore revoked = pki.store().withRevoked(pki.vendor.keyId());
        PackageVerifier v = new DefaultPackageVerifier(TrustSource.fixed(TestPki.ring(revoked)), PackageLimits.DEFAULTS);
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.vendor2, KeyRole.VENDOR), sig(pki.utility, KeyRole.UTILITY));
        FumsExceptionAssert.message(refused(() -> v.verify(p, VerifyOptions.none()), ErrorCode.PKG_SIGNER_REVOKED), pki.vendor.keyId());
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void vendorSignatureOnlyWithoutUtilityApprovalIsRefused() throws Exception {
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR));
        FumsExceptionAssert.message(refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_THRESHOLD_NOT_MET),
                "role utility needs 1");
        Path none = withSignatures();
        refused(() -> verifier.verify(none, VerifyOptions.none()), ErrorCode.PKG_THRESHOLD_NOT_MET);
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void aVendorKeySignatureFiledUnderTheUtilityRoleDoesNotCount() throws Exception {
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.vendor2, KeyRole.UTILITY));
        FumsExceptionAssert.message(refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_THRESHOLD_NOT_MET),
                "role utility", pki.vendor2.keyId() + " signed as utility but the trust store gives it role vendor");
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void signaturesSwappedBetweenRolesAreRefused() throws Exception {
        Path p = withSignatures(sig(pki.vendor, KeyRole.UTILITY), sig(pki.utility, KeyRole.VENDOR));
        refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_THRESHOLD_NOT_MET);
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-4")
    void anOperatorKeyCountsForNoPackageRole() throws Exception {
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.operator, KeyRole.UTILITY));
        FumsExceptionAssert.message(refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_THRESHOLD_NOT_MET),
                "operator key");
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void thresholdsAboveOneNeedDistinctKeys() throws Exception {
        TrustStore two = pki.store().withThreshold(KeyRole.VENDOR, 2);
        PackageVerifier v = new DefaultPackageVerifier(TrustSource.fixed(TestPki.ring(two)), PackageLimits.DEFAULTS);
        Path one = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.utility, KeyRole.UTILITY));
        refused(() -> v.verify(one, VerifyOptions.none()), ErrorCode.PKG_THRESHOLD_NOT_MET);
        Path both = withSignatures(sig(pki.vendor, KeyRole.VENDOR), sig(pki.vendor2, KeyRole.VENDOR), sig(pki.utility, KeyRole.UTILITY));
        assertThat(v.verify(both, VerifyOptions.none()).signerKeyIds(KeyRole.VENDOR)).hasSize(2);
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void aSignatureOverAnotherManifestIsRefused() throws Exception {
        byte[] other = TestPackages.manifestJson(TestPackages.random(12, 1500)).getBytes(StandardCharsets.UTF_8);
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR), SignatureFile.sign(pki.utility, KeyRole.UTILITY, other));
        FumsExceptionAssert.message(refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_SIGNATURE_INVALID),
                pki.utility.keyId());
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void aFlippedBitInTheManifestWithItsCrcFixedBreaksTheSignatures() throws Exception {
        byte[] tampered = manifest.clone();
        int at = new String(tampered, StandardCharsets.UTF_8).indexOf("ACME Metering");
        tampered[at] ^= 0x01;
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("firmware/image.bin", payload);
        Path p = TestPackages.assemble(dir.resolve("t.zip"), tampered, TestPackages.signatures(manifest, pki), payloads);
        refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_SIGNATURE_INVALID);
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void aFlippedBitInASignatureWithItsCrcFixedIsRefused() throws Exception {
        SignatureFile good = sig(pki.vendor, KeyRole.VENDOR);
        for (int bit = 0; bit < good.signature().length * 8; bit += 7) {
            byte[] s = good.signature();
            s[bit / 8] ^= (byte) (1 << (bit % 8));
            Path p = withSignatures(new SignatureFile(good.keyId(), good.role(), good.algorithm(), s), sig(pki.utility, KeyRole.UTILITY));
            FumsException e = refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_SIGNATURE_INVALID);
            assertThat(e.getMessage()).contains(pki.vendor.keyId());
        }
    }

    @Test
    @Tag("SEC-1")
    void aSignatureClaimingAnotherAlgorithmThanItsKeyIsRefused() throws Exception {
        SignatureFile good = sig(pki.vendor, KeyRole.VENDOR);
        SignatureFile claimed = new SignatureFile(good.keyId(), good.role(), io.fums.crypto.SignatureAlgorithm.ECDSA_P384_SHA384,
                good.signature());
        Path p = withSignatures(claimed, sig(pki.utility, KeyRole.UTILITY));
        refused(() -> verifier.verify(p, VerifyOptions.none()), ErrorCode.PKG_SIGNATURE_INVALID);
    }

    @Test
    @Tag("SM-11")
    void aUtilityCanCheckTheVendorSignaturesBeforeApproving() throws Exception {
        Path p = withSignatures(sig(pki.vendor, KeyRole.VENDOR));
        DefaultPackageVerifier v = TestPackages.verifier(pki);
        assertThat(v.verify(p, VerifyOptions.none(), java.util.EnumSet.of(KeyRole.VENDOR)).signerKeyIds(KeyRole.VENDOR))
                .containsExactly(pki.vendor.keyId());
    }
}
