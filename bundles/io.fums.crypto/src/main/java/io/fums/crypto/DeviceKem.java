package io.fums.crypto;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.internal.EciesCipher;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.EcPublicKey;
import io.fums.crypto.internal.KeyFiles;
import io.fums.crypto.sign.SigningKey;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * This DCU's key-agreement key (P-256), separate from its signing key: the
 * cloud encrypts meter keys to its public half (ECIES: ephemeral ECDH P-256,
 * HKDF-SHA256, AES-256-GCM; sealed form in {@code docs/security.md}), and only
 * this DCU can open them.
 *
 * <p>The private key lives in {@code ${fums.data.dir}/}{@value #FILE}, PEM
 * PKCS#8, checked and created exactly like the signing key
 * ({@link DeviceKeys}): owner-only (mode 0600) or refused with
 * {@code CONFIG_INVALID}; its public half is written next to it as
 * {@code dcu-kem.key.pem.pub.pem}. Immutable and thread-safe.
 */
public final class DeviceKem {

    /** The key file, relative to the data directory. */
    public static final String FILE = "keys/dcu-kem.key.pem";
    /** The largest sealed message {@link #open} accepts. */
    public static final int MAX_SEALED = 4096;

    private final SigningKey key;
    private final boolean created;

    private DeviceKem(SigningKey key, boolean created) {
        this.key = key;
        this.created = created;
    }

    /**
     * The key in {@code keyFile}; a new one if the file does not exist.
     *
     * @throws FumsException {@code CONFIG_INVALID}: readable or writable by others, not a regular file, too large
     *                       or not a P-256 private key; {@code STORAGE_FAILED}: I/O
     */
    public static DeviceKem loadOrCreate(Path keyFile) throws FumsException {
        KeyFiles.Loaded k = KeyFiles.loadOrCreateP256(keyFile, "DCU key-agreement key");
        return new DeviceKem(k.key(), k.created());
    }

    /** Whether {@link #loadOrCreate} made the key just now. */
    public boolean created() {
        return created;
    }

    /** The key id (16 hex digits of SHA-256 over the public key's DER). */
    public String keyId() {
        return key.keyId();
    }

    /** The public key, PEM {@code PUBLIC KEY}. */
    public String publicKeyPem() {
        return key.publicKey().pem();
    }

    /**
     * Opens a message sealed to this key.
     *
     * @param aad the associated data it was sealed with (binds it to its meter and DCU)
     * @throws FumsException {@code CMD_MALFORMED}: too short or too long, the ephemeral key is not a point on
     *                       P-256, or the message does not authenticate (other key, other data, changed)
     */
    public byte[] open(byte[] sealed, byte[] aad) throws FumsException {
        if (sealed == null || sealed.length > MAX_SEALED) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "sealed key material missing or longer than "
                    + MAX_SEALED + " octets");
        }
        try {
            return EciesCipher.open(key, sealed, aad);
        } catch (IllegalArgumentException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, e.getMessage());
        }
    }

    /**
     * Seals {@code plaintext} to a DCU's public key (for the cloud console and tests).
     *
     * @param publicKeyPem the DCU's key-agreement public key, PEM
     * @throws IllegalArgumentException the key is not a P-256 public key
     */
    public static byte[] seal(String publicKeyPem, byte[] plaintext, byte[] aad) {
        EcPublicKey recipient = EcKeys.readPublicKeyPem(publicKeyPem);
        return EciesCipher.seal(recipient, plaintext, aad, new SecureRandom());
    }

    /** The associated data that binds sealed meter keys to one DCU and one meter. */
    public static byte[] meterKeysAad(String dcuId, String meterId) {
        return ("fums meter keys|" + dcuId + "|" + meterId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The associated data that binds a shared medium's sealed broadcast keys to one DCU and one medium (its
     * serial link's name); another prefix than {@link #meterKeysAad}, so meter keys never open as broadcast keys.
     *
     * @since 1.4
     */
    public static byte[] broadcastKeysAad(String dcuId, String linkId) {
        return ("fums broadcast keys|" + dcuId + "|" + linkId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeviceKem[" + keyId() + "]";
    }
}
