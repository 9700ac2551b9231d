package io.fums.dlms.security;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Security suite 0 (Green Book 9.2.3.7): AES-GCM-128 with a 12-byte
 * authentication tag. The initialisation vector is the sender's 8-byte
 * system title followed by the 4-byte invocation counter. With
 * authentication and encryption (SC 0x30) the additional authenticated data
 * is SC || AK and the payload ciphertext || tag; with authentication only
 * (SC 0x10) the AAD is SC || AK || plaintext and the payload plaintext ||
 * tag; with encryption only (SC 0x20) the payload is the ciphertext alone.
 * The same AES-GCM-128 ciphering serves security suite 1 ({@link SecuritySuite1}):
 * its SC carries the suite id 1 in the low nibble (0x31), which is part of
 * the AAD; every method here accepts suite id 0 or 1. The key-set bit
 * ({@link #SC_BROADCAST_KEY}) is accepted too: the caller passes the keys
 * it names (the broadcast key as the block cipher key, see {@link BroadcastChannel}).
 * Stateless and thread-safe.
 */
public final class SecuritySuite0 {

    /** SC: authentication only, suite 0. */
    public static final int SC_AUTHENTICATION = 0x10;
    /** SC: encryption only, suite 0. */
    public static final int SC_ENCRYPTION = 0x20;
    /** SC: authenticated encryption, suite 0. */
    public static final int SC_AUTHENTICATED_ENCRYPTION = 0x30;
    /**
     * SC bit 6, the key set (Green Book 9.2.7.2.4): 0 the unicast key, 1 the
     * global broadcast encryption key (GBEK). The authentication key and the
     * sender's system title in the IV are the same for both key sets.
     *
     * @since 1.4.0
     */
    public static final int SC_BROADCAST_KEY = 0x40;
    /** Authentication tag length in bytes. */
    public static final int TAG_LENGTH = 12;
    /** Bytes a ciphered APDU adds at most: tag, 3-byte length, SC, IC, authentication tag. */
    public static final int MAX_OVERHEAD = 1 + 3 + 5 + TAG_LENGTH;

    private SecuritySuite0() {
    }

    /** Protects {@code plaintext} as {@code sc} says; the result is the payload after the security header. */
    public static byte[] protect(int sc, byte[] systemTitle, long ic, SecurityKeys keys, byte[] plaintext) {
        checkSc(sc);
        byte[] iv = iv(systemTitle, ic);
        byte[] ek = keys.blockCipherKey();
        boolean auth = (sc & 0x10) != 0;
        boolean enc = (sc & 0x20) != 0;
        try {
            if (auth && enc) {
                return gcm(true, ek, iv, aad(sc, keys, new byte[0]), plaintext);
            } else if (auth) {
                byte[] tag = gcm(true, ek, iv, aad(sc, keys, plaintext), new byte[0]);
                byte[] out = Arrays.copyOf(plaintext, plaintext.length + TAG_LENGTH);
                System.arraycopy(tag, 0, out, plaintext.length, TAG_LENGTH);
                return out;
            }
            return Arrays.copyOf(gcm(true, ek, iv, new byte[0], plaintext), plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption cannot fail", e);
        }
    }

    /**
     * Checks and deciphers a payload.
     *
     * @throws DlmsException METER_AUTH_FAILED if the tag does not verify, METER_PROTOCOL for an
     *         unsupported security control byte or a payload too short for its tag
     */
    public static byte[] unprotect(int sc, byte[] systemTitle, long ic, SecurityKeys keys, byte[] payload)
            throws DlmsException {
        if ((sc & 0x0F) > SecuritySuite1.SUITE_ID || (sc & 0x80) != 0 || (sc & 0x30) == 0) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "unsupported security control byte 0x"
                    + Integer.toHexString(sc) + " (suite 0 or 1, no compression expected)");
        }
        byte[] iv = iv(systemTitle, ic);
        byte[] ek = keys.blockCipherKey();
        boolean auth = (sc & 0x10) != 0;
        boolean enc = (sc & 0x20) != 0;
        if (auth && payload.length < TAG_LENGTH) {
            throw new DlmsException(ErrorCode.METER_PROTOCOL, "ciphered payload shorter than its tag");
        }
        try {
            if (auth && enc) {
                return gcm(false, ek, iv, aad(sc, keys, new byte[0]), payload);
            } else if (auth) {
                byte[] plain = Arrays.copyOf(payload, payload.length - TAG_LENGTH);
                byte[] tag = gcm(true, ek, iv, aad(sc, keys, plain), new byte[0]);
                if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(payload, plain.length, payload.length))) {
                    throw new InvalidCipherTextException("tag mismatch");
                }
                return plain;
            }
            return Arrays.copyOf(gcm(true, ek, iv, new byte[0], payload), payload.length); // CTR is symmetric
        } catch (InvalidCipherTextException e) {
            throw new DlmsException(ErrorCode.METER_AUTH_FAILED, "authentication tag does not verify (wrong keys "
                    + "or tampered APDU)");
        }
    }

    /** GMAC over SC || AK || {@code data} with an empty plaintext: the 12-byte tag. */
    public static byte[] gmac(int sc, byte[] systemTitle, long ic, SecurityKeys keys, byte[] data) {
        try {
            return gcm(true, keys.blockCipherKey(), iv(systemTitle, ic), aad(sc, keys, data), new byte[0]);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GMAC cannot fail", e);
        }
    }

    /**
     * HLS mechanism 5 proof of a challenge (Green Book table 42):
     * SC (0x10) || IC || GMAC(SC || AK || challenge), with the prover's
     * system title and counter.
     */
    public static byte[] hlsProof(byte[] systemTitle, long ic, SecurityKeys keys, byte[] challenge) {
        byte[] tag = gmac(SC_AUTHENTICATION, systemTitle, ic, keys, challenge);
        byte[] out = new byte[5 + TAG_LENGTH];
        out[0] = (byte) SC_AUTHENTICATION;
        for (int i = 0; i < 4; i++) {
            out[1 + i] = (byte) (ic >>> (24 - 8 * i));
        }
        System.arraycopy(tag, 0, out, 5, TAG_LENGTH);
        return out;
    }

    /**
     * Checks an HLS mechanism 5 proof made by the peer whose system title is
     * {@code systemTitle}; returns its invocation counter, or -1 if the proof
     * is malformed or does not verify.
     */
    public static long verifyHlsProof(byte[] proof, byte[] systemTitle, SecurityKeys keys, byte[] challenge) {
        if (proof == null || proof.length != 5 + TAG_LENGTH || (proof[0] & 0xFF) != SC_AUTHENTICATION
                || systemTitle == null || systemTitle.length != 8) {
            return -1;
        }
        long ic = ((proof[1] & 0xFFL) << 24) | ((proof[2] & 0xFFL) << 16) | ((proof[3] & 0xFFL) << 8)
                | (proof[4] & 0xFFL);
        byte[] expected = hlsProof(systemTitle, ic, keys, challenge);
        return MessageDigest.isEqual(expected, proof) ? ic : -1;
    }

    private static void checkSc(int sc) {
        if ((sc & 0x0F) > SecuritySuite1.SUITE_ID || (sc & 0x80) != 0 || (sc & 0x30) == 0) {
            throw new IllegalArgumentException("unsupported security control byte 0x" + Integer.toHexString(sc));
        }
    }

    private static byte[] iv(byte[] systemTitle, long ic) {
        if (systemTitle == null || systemTitle.length != 8) {
            throw new IllegalArgumentException("a system title has 8 bytes");
        }
        byte[] iv = Arrays.copyOf(systemTitle, 12);
        for (int i = 0; i < 4; i++) {
            iv[8 + i] = (byte) (ic >>> (24 - 8 * i));
        }
        return iv;
    }

    private static byte[] aad(int sc, SecurityKeys keys, byte[] data) {
        byte[] ak = keys.authenticationKey();
        byte[] a = new byte[1 + ak.length + data.length];
        a[0] = (byte) sc;
        System.arraycopy(ak, 0, a, 1, ak.length);
        System.arraycopy(data, 0, a, 1 + ak.length, data.length);
        return a;
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] iv, byte[] aad, byte[] in)
            throws InvalidCipherTextException {
        GCMModeCipher c = GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, iv, aad));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
