package io.fums.crypto;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.internal.KeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key (KEK) that wraps meter keys at rest: AES-256, random,
 * made at first start in {@code ${fums.data.dir}/}{@value #FILE} (32 raw
 * octets, mode 0600 in a folder of mode 0700, written durably). A file the
 * group or others may read or change is refused with {@code CONFIG_INVALID}
 * (the same check as {@link DeviceKeys}): the component that needs it does
 * not activate.
 *
 * <p>Wrapped form: {@code 0x01 || nonce (12) || AES-256-GCM(secret) || tag (16)},
 * the caller's associated data (the meter id and the key's role) authenticated
 * with it, so a wrapped key moved to another meter or role does not unwrap.
 * Immutable and thread-safe.
 */
public final class KeyEncryptionKey {

    /** The key file, relative to the data directory. */
    public static final String FILE = "keys/meter-kek.key";
    private static final byte VERSION = 1;
    private static final int KEY_OCTETS = 32;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String id;
    private final boolean created;
    private final SecureRandom random = new SecureRandom();

    private KeyEncryptionKey(byte[] raw, boolean created) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = fingerprint(raw);
        this.created = created;
        Arrays.fill(raw, (byte) 0);
    }

    /**
     * The KEK in {@code file}; a new random one if the file does not exist.
     *
     * @throws FumsException {@code CONFIG_INVALID}: readable or writable by others, not a regular file, or not 32
     *                       octets; {@code STORAGE_FAILED}: I/O
     */
    public static KeyEncryptionKey loadOrCreate(Path file) throws FumsException {
        Path abs = file.toAbsolutePath();
        String what = "meter key-encryption key";
        try {
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                KeyFiles.checkOwnerOnly(abs, what);
                byte[] raw = Files.readAllBytes(abs);
                if (raw.length != KEY_OCTETS) {
                    throw new FumsException(ErrorCode.CONFIG_INVALID, what + " " + abs + " has " + raw.length
                            + " octets, not " + KEY_OCTETS + ": not an AES-256 key");
                }
                return new KeyEncryptionKey(raw, false);
            }
            byte[] raw = new byte[KEY_OCTETS];
            new SecureRandom().nextBytes(raw);
            KeyFiles.writeSecret(abs, raw);
            return new KeyEncryptionKey(raw, true);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, what + " " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@link #loadOrCreate} made the key just now. */
    public boolean created() {
        return created;
    }

    /** The KEK's id: a fingerprint, not the key. */
    public String id() {
        return id;
    }

    /** Wraps a secret; {@code aad} names what it is (it must be given again to unwrap). */
    public byte[] wrap(byte[] secret, byte[] aad) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(secret);
            byte[] out = new byte[1 + NONCE + ct.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(ct, 0, out, 1 + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        }
    }

    /**
     * Unwraps what {@link #wrap} made with the same {@code aad}.
     *
     * @throws FumsException {@code STORAGE_CORRUPT}: not wrapped by this KEK for this {@code aad}, or changed
     */
    public byte[] unwrap(byte[] wrapped, byte[] aad) throws FumsException {
        if (wrapped == null || wrapped.length < 1 + NONCE + TAG_BITS / 8 || wrapped[0] != VERSION) {
            throw new FumsException(ErrorCode.STORAGE_CORRUPT, "wrapped key is not in the version-1 form");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 1, NONCE));
            c.updateAAD(aad);
            return c.doFinal(wrapped, 1 + NONCE, wrapped.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw new FumsException(ErrorCode.STORAGE_CORRUPT, "wrapped key does not unwrap with KEK " + id
                    + ": another KEK, another meter or role, or changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        }
    }

    /**
     * A key's fingerprint for logs and audit: 16 hex digits of SHA-256 over a label and the key. It names a key
     * without revealing it.
     */
    public static String fingerprint(byte[] secret) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("fums key fingerprint|".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(secret), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[" + id + "]";
    }
}
