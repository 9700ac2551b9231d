package io.fums.dlms.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * The asymmetric keys of HLS-ECDSA (mechanism 7, security suite 1): this
 * end's P-256 signing key and the peer's P-256 public key (taken from the
 * peer's certificate). Both are checked to be on P-256 when made.
 * {@link #toString()} never shows the private key.
 *
 * @param signingKey this end's private key: signs f(StoC) (client) or f(CtoS) (server)
 * @param peerKey    the peer's public key: verifies the peer's signature
 */
public record EcdsaKeys(PrivateKey signingKey, PublicKey peerKey) {

    /** Validates that both keys are EC keys on P-256. */
    public EcdsaKeys {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(peerKey, "peerKey");
        if (!(signingKey instanceof ECPrivateKey s) || !SecuritySuite1.isP256(s.getParams())) {
            throw new IllegalArgumentException("the signing key must be an EC private key on P-256");
        }
        if (!(peerKey instanceof ECPublicKey p) || !SecuritySuite1.isP256(p.getParams())) {
            throw new IllegalArgumentException("the peer key must be an EC public key on P-256");
        }
        SecuritySuite1.publicParameters(p); // throws if the point is not on the curve
    }

    @Override
    public String toString() {
        return "EcdsaKeys[P-256, private key hidden]";
    }
}
