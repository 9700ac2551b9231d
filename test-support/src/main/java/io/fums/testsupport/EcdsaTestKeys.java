package io.fums.testsupport;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * P-256 key pairs for tests, from the JDK's own provider (SunEC): fresh ones, or from a known scalar
 * ({@link #of} needs Bouncy Castle on the test class path: an optional dependency of this jar).
 */
public final class EcdsaTestKeys {

    private EcdsaTestKeys() {
    }

    /** A fresh P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair whose private scalar is {@code d}. */
    public static KeyPair of(BigInteger d) {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            X9ECParameters x9 = CustomNamedCurves.getByName("P-256");
            org.bouncycastle.math.ec.ECPoint q = x9.getG().multiply(d).normalize();
            KeyFactory f = KeyFactory.getInstance("EC");
            ECPublicKey pub = (ECPublicKey) f.generatePublic(new ECPublicKeySpec(new ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), spec));
            ECPrivateKey priv = (ECPrivateKey) f.generatePrivate(new ECPrivateKeySpec(d, spec));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
