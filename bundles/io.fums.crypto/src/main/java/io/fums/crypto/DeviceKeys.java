package io.fums.crypto;

import io.fums.api.error.FumsException;
import io.fums.crypto.sign.EcdsaSignatures;
import io.fums.crypto.internal.KeyFiles;
import io.fums.crypto.sign.SigningKey;
import java.nio.file.Path;

/**
 * Loads this DCU's signing key from its file, creating it on first use.
 *
 * <p>The file is PEM PKCS#8 (an unencrypted EC private key on P-256). It must
 * be readable by its owner only: a key file that the group or others may
 * read or write (or that is not a regular file) is refused with
 * {@code CONFIG_INVALID}, naming the file and its mode, and the DCU does not
 * sign with it. A new key is written with mode 0600 in a folder of mode 0700,
 * through a temporary file, fsync and an atomic rename; its public half goes
 * next to it as {@code <name>.pub.pem} (mode 0644) for provisioning.
 */
public final class DeviceKeys {

    private DeviceKeys() {
    }

    /** The result of {@link #loadOrCreate}: the signer, and whether the key was made just now. */
    public record Loaded(DeviceSigner signer, boolean created) {
    }

    /**
     * The signer of the key in {@code keyFile}; a new P-256 key if the file does not exist.
     *
     * @throws FumsException {@code CONFIG_INVALID}: the file is readable or writable by others, too large,
     *                       not a regular file, or not an EC private key on P-256; {@code STORAGE_FAILED}: it
     *                       cannot be read or written
     */
    public static Loaded loadOrCreate(Path keyFile) throws FumsException {
        KeyFiles.Loaded k = KeyFiles.loadOrCreateP256(keyFile, "DCU signing key");
        return new Loaded(new Signer(k.key()), k.created());
    }

    private record Signer(SigningKey key) implements DeviceSigner {

        @Override
        public String keyId() {
            return key.keyId();
        }

        @Override
        public SignatureAlgorithm algorithm() {
            return key.algorithm();
        }

        @Override
        public String publicKeyPem() {
            return key.publicKey().pem();
        }

        @Override
        public byte[] sign(byte[] data) {
            return EcdsaSignatures.sign(key, data);
        }
    }
}
