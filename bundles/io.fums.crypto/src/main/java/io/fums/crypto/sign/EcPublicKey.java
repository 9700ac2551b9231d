package io.fums.crypto.sign;

import io.fums.crypto.SignatureAlgorithm;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * A validated public key on P-256 or P-384: the point is on the curve, the
 * encoding is canonical (named curve, uncompressed point).
 *
 * @param keyId     first 16 hex digits of SHA-256 over {@link #spki()}
 * @param algorithm the algorithm its curve implies
 * @param params    the key for Bouncy Castle's ECDSA
 * @param spki      the canonical DER SubjectPublicKeyInfo
 */
public record EcPublicKey(String keyId, SignatureAlgorithm algorithm, ECPublicKeyParameters params, byte[] spki) {

    /** Rejects nulls and copies the encoding. */
    public EcPublicKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(params, "params");
        spki = spki.clone();
    }

    /** A copy of the DER SubjectPublicKeyInfo. */
    @Override
    public byte[] spki() {
        return spki.clone();
    }

    /** The PEM {@code PUBLIC KEY} block. */
    public String pem() {
        return EcKeys.pem("PUBLIC KEY", spki);
    }
}
