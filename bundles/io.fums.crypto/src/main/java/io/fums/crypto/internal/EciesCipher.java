package io.fums.crypto.internal;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.EcPublicKey;
import io.fums.crypto.sign.SigningKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;

/**
 * ECIES on P-256 with Bouncy Castle's primitives: an ephemeral ECDH key
 * agreement, HKDF-SHA256 and AES-256-GCM. Sealed form:
 * {@code ephemeral public point (65 octets, uncompressed) || nonce (12) ||
 * ciphertext || tag (16)}. The HKDF info binds the label, the ephemeral and
 * the recipient's points; the caller's associated data is the GCM AAD.
 * Invalid input raises {@link IllegalArgumentException} with a message for
 * people (never one that depends on the plaintext).
 */
public final class EciesCipher {

    /** The smallest sealed message: point, nonce and tag around an empty plaintext. */
    public static final int OVERHEAD = 65 + 12 + 16;
    private static final byte[] LABEL = "FUMS-ECIES-P256-HKDF-SHA256-AES256GCM-v1".getBytes(StandardCharsets.US_ASCII);

    private EciesCipher() {
    }

    /** Encrypts {@code plaintext} to {@code recipient} (a P-256 key). */
    public static byte[] seal(EcPublicKey recipient, byte[] plaintext, byte[] aad, SecureRandom random) {
        if (recipient.algorithm() != SignatureAlgorithm.ECDSA_P256_SHA256) {
            throw new IllegalArgumentException("the recipient's key is on " + recipient.algorithm().curveOid()
                    + ": P-256 is required");
        }
        SigningKey eph = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, random);
        byte[] ephPoint = eph.publicKey().params().getQ().getEncoded(false);
        byte[] key = derive(eph, recipient.params(), ephPoint, recipient.params().getQ().getEncoded(false));
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] ct = gcm(true, key, nonce, aad, plaintext);
        return Arrays.concatenate(ephPoint, nonce, ct);
    }

    /**
     * Decrypts a sealed message with the recipient's private key.
     *
     * @throws IllegalArgumentException the ephemeral point is not on P-256, or the message was not sealed to
     *                                  this key with this associated data (or was changed)
     */
    public static byte[] open(SigningKey recipient, byte[] sealed, byte[] aad) {
        if (sealed.length < OVERHEAD) {
            throw new IllegalArgumentException("sealed key material is " + sealed.length + " octets, shorter than"
                    + " the " + OVERHEAD + " octets of point, nonce and tag");
        }
        ECDomainParameters domain = recipient.privateKey().getParameters();
        byte[] ephPoint = Arrays.copyOfRange(sealed, 0, 65);
        if (ephPoint[0] != 0x04) {
            throw new IllegalArgumentException("the ephemeral key is not an uncompressed P-256 point");
        }
        ECPublicKeyParameters eph;
        try {
            ECPoint q = domain.getCurve().decodePoint(ephPoint);
            eph = new ECPublicKeyParameters(q, domain);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the ephemeral key is not a valid point on P-256");
        }
        byte[] key = derive(recipient, eph, ephPoint, recipient.publicKey().params().getQ().getEncoded(false));
        byte[] nonce = Arrays.copyOfRange(sealed, 65, 77);
        byte[] ct = Arrays.copyOfRange(sealed, 77, sealed.length);
        return gcm(false, key, nonce, aad, ct);
    }

    private static byte[] derive(SigningKey own, ECPublicKeyParameters peer, byte[] ephPoint, byte[] recipientPoint) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(own.privateKey());
        BigInteger z = agreement.calculateAgreement(peer);
        byte[] shared = BigIntegers.asUnsignedByteArray(agreement.getFieldSize(), z);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, null, Arrays.concatenate(LABEL, ephPoint, recipientPoint)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in) {
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(in.length)];
        int n = gcm.processBytes(in, 0, in.length, out, 0);
        try {
            n += gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("the sealed key material does not authenticate: not sealed to this"
                    + " DCU's key, for this meter, or changed on the way");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
