package io.fums.dlms.security;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * Security suite 1 (Green Book 9.2.3.4.8, ECDH-ECDSA-AES-GCM-128-SHA-256):
 * the HLS-ECDSA authentication (mechanism 7) with ECDSA on P-256 and
 * SHA-256. Ciphering is the same AES-GCM-128 as suite 0 ({@link SecuritySuite0}
 * with the suite id 1 in the security control byte); key agreement (ECDH)
 * is not used here.
 *
 * <p>Pass 3 and 4 carry ECDSA signatures, encoded as r || s (32 octets each,
 * not DER), over {@code own system title || peer system title || peer's
 * challenge || own challenge} (Green Book 9.2.7.4): the client signs
 * ST-C || ST-S || StoC || CtoS, the meter ST-S || ST-C || CtoS || StoC.
 * Signatures use deterministic k (RFC 6979, HMAC-SHA-256), so no random
 * source can leak the key. Bouncy Castle's lightweight API; no JCE provider.
 * Stateless and thread-safe.
 */
public final class SecuritySuite1 {

    /** The suite id in the low nibble of the security control byte. */
    public static final int SUITE_ID = 1;
    /** A signature: r || s, 32 octets each. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Shortest HLS-ECDSA challenge accepted (Green Book: 32 to 64 octets). */
    public static final int MIN_CHALLENGE = 32;
    /** Longest HLS challenge accepted. */
    public static final int MAX_CHALLENGE = 64;

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);

    private SecuritySuite1() {
    }

    /** Whether JCA parameters name P-256 (same order, cofactor and base point). */
    public static boolean isP256(ECParameterSpec p) {
        return p != null && p.getOrder().equals(DOMAIN.getN()) && p.getCofactor() == DOMAIN.getH().intValue()
                && p.getGenerator().getAffineX().equals(DOMAIN.getG().getAffineXCoord().toBigInteger())
                && p.getGenerator().getAffineY().equals(DOMAIN.getG().getAffineYCoord().toBigInteger());
    }

    /**
     * The message of an HLS-ECDSA proof: the signer's system title, the
     * verifier's system title, the verifier's challenge, the signer's challenge.
     */
    public static byte[] hlsMessage(byte[] signerTitle, byte[] verifierTitle, byte[] verifierChallenge,
            byte[] signerChallenge) {
        if (signerTitle == null || signerTitle.length != 8 || verifierTitle == null || verifierTitle.length != 8) {
            throw new IllegalArgumentException("a system title has 8 bytes");
        }
        byte[] m = new byte[16 + verifierChallenge.length + signerChallenge.length];
        System.arraycopy(signerTitle, 0, m, 0, 8);
        System.arraycopy(verifierTitle, 0, m, 8, 8);
        System.arraycopy(verifierChallenge, 0, m, 16, verifierChallenge.length);
        System.arraycopy(signerChallenge, 0, m, 16 + verifierChallenge.length, signerChallenge.length);
        return m;
    }

    /** ECDSA P-256 / SHA-256 signature of {@code message}: r || s, 64 octets. */
    public static byte[] sign(ECPrivateKey key, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.getS(), DOMAIN));
        BigInteger[] rs = signer.generateSignature(sha256(message));
        byte[] out = new byte[SIGNATURE_LENGTH];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
        return out;
    }

    /** Whether {@code signature} (r || s) is {@code key}'s signature of {@code message}; false if malformed. */
    public static boolean verify(ECPublicKey key, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, publicParameters(key));
        return verifier.verifySignature(sha256(message), r, s); // checks 0 < r, s < n
    }

    /** The proof this end sends in pass 3 (client) or 4 (meter). */
    public static byte[] hlsProof(EcdsaKeys keys, byte[] ownTitle, byte[] peerTitle, byte[] peerChallenge,
            byte[] ownChallenge) {
        return sign((ECPrivateKey) keys.signingKey(), hlsMessage(ownTitle, peerTitle, peerChallenge, ownChallenge));
    }

    /** Whether the peer's pass 3 or 4 proof verifies with the peer's public key. */
    public static boolean verifyHlsProof(EcdsaKeys keys, byte[] proof, byte[] peerTitle, byte[] ownTitle,
            byte[] ownChallenge, byte[] peerChallenge) {
        if (peerTitle == null || peerTitle.length != 8 || peerChallenge == null) {
            return false;
        }
        return verify((ECPublicKey) keys.peerKey(), hlsMessage(peerTitle, ownTitle, ownChallenge, peerChallenge),
                proof);
    }

    static ECPublicKeyParameters publicParameters(ECPublicKey key) {
        org.bouncycastle.math.ec.ECPoint q = DOMAIN.getCurve().createPoint(key.getW().getAffineX(),
                key.getW().getAffineY());
        return new ECPublicKeyParameters(DOMAIN.validatePublicPoint(q), DOMAIN);
    }

    private static byte[] sha256(byte[] m) {
        SHA256Digest d = new SHA256Digest();
        d.update(m, 0, m.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return h;
    }
}
