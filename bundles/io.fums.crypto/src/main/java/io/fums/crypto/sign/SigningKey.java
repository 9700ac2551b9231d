package io.fums.crypto.sign;

import io.fums.crypto.SignatureAlgorithm;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * A private key for signing packages or commands (tools and tests only: a DCU
 * holds no signing keys), with its public half.
 *
 * @param publicKey  the public key, with its id
 * @param privateKey the private scalar on the named curve
 */
public record SigningKey(EcPublicKey publicKey, ECPrivateKeyParameters privateKey) {

    /** Rejects nulls. */
    public SigningKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The key id of the public half. */
    public String keyId() {
        return publicKey.keyId();
    }

    /** The algorithm the curve implies. */
    public SignatureAlgorithm algorithm() {
        return publicKey.algorithm();
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId() + ", " + algorithm().id() + "]";
    }
}
