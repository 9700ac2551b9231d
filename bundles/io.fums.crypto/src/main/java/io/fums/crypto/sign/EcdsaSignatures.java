package io.fums.crypto.sign;

import io.fums.crypto.SignatureAlgorithm;
import java.math.BigInteger;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA with Bouncy Castle's lightweight API (FIPS 186-5): SHA-256 on P-256,
 * SHA-384 on P-384, ASN.1 DER signatures. Signing is deterministic
 * (RFC 6979 nonces), so it never depends on a random number generator.
 * Verification refuses a non-canonical DER encoding and r or s outside
 * [1, n-1].
 *
 * <p>ECDSA is malleable: if (r, s) verifies, so does (r, n - s). So that a
 * signed thing has exactly one signature per key and nonce, {@link #sign}
 * always produces the low-s form (s &lt;= n/2, as Bitcoin's BIP 62 and
 * libsecp256k1 do) and callers refuse the other with {@link #isLowS}.
 * {@link #verify} itself is plain FIPS 186-5 verification (both forms).
 */
public final class EcdsaSignatures {

    /** Upper bound of a DER signature on P-384 (2 * 49 + 6 bytes, rounded up). */
    public static final int MAX_SIGNATURE_BYTES = 110;

    private EcdsaSignatures() {
    }

    /** Signs {@code data} with {@code key} under its curve's algorithm. */
    public static byte[] sign(SigningKey key, byte[] data) {
        SignatureAlgorithm alg = key.algorithm();
        DSADigestSigner s = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(digest(alg))), digest(alg),
                StandardDSAEncoding.INSTANCE);
        s.init(true, key.privateKey());
        s.update(data, 0, data.length);
        return toLowS(alg, s.generateSignature());
    }

    /**
     * True if {@code der} is a DER signature whose s is at most n/2 of
     * {@code alg}'s curve (the canonical of the two valid forms); false for a
     * high s or anything that does not decode.
     */
    public static boolean isLowS(SignatureAlgorithm alg, byte[] der) {
        BigInteger n = order(alg);
        try {
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(n, der);
            return rs[1].signum() > 0 && rs[1].compareTo(n.shiftRight(1)) <= 0;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The signature with s replaced by n - s when s is above n/2 (the same signature, canonical form). */
    static byte[] toLowS(SignatureAlgorithm alg, byte[] der) {
        BigInteger n = order(alg);
        try {
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(n, der);
            if (rs[1].compareTo(n.shiftRight(1)) <= 0) {
                return der;
            }
            return StandardDSAEncoding.INSTANCE.encode(n, rs[0], n.subtract(rs[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("signer produced an undecodable signature", e);
        }
    }

    private static BigInteger order(SignatureAlgorithm alg) {
        ECDomainParameters d = EcKeys.domain(alg);
        return d.getN();
    }

    /**
     * True if {@code der} is a valid signature of {@code data} by {@code key}
     * under {@code alg}; false for any mismatch, including a key on another curve.
     */
    public static boolean verify(EcPublicKey key, SignatureAlgorithm alg, byte[] data, byte[] der) {
        if (key.algorithm() != alg || der.length > MAX_SIGNATURE_BYTES
                || !(key.params().getParameters() instanceof ECNamedDomainParameters)
                || !((ECNamedDomainParameters) key.params().getParameters()).getName().getId().equals(alg.curveOid())) {
            return false;
        }
        DSADigestSigner s = new DSADigestSigner(new ECDSASigner(), digest(alg), StandardDSAEncoding.INSTANCE);
        s.init(false, key.params());
        s.update(data, 0, data.length);
        return s.verifySignature(der);
    }

    private static Digest digest(SignatureAlgorithm alg) {
        switch (alg) {
            case ECDSA_P256_SHA256:
                return new SHA256Digest();
            case ECDSA_P384_SHA384:
                return new SHA384Digest();
            default:
                throw new IllegalArgumentException("unsupported algorithm " + alg);
        }
    }
}
