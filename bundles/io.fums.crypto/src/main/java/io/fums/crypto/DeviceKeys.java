package io.fums.crypto;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.internal.AtomicFiles;
import io.fums.crypto.internal.EcKeys;
import io.fums.crypto.internal.EcdsaSignatures;
import io.fums.crypto.internal.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

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

    private static final long MAX_KEY_FILE = 16 * 1024;
    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

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
        Path file = keyFile.toAbsolutePath();
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return new Loaded(load(file), false);
            }
            SigningKey key = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (posix()) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            // The temporary file of AtomicFiles is created with mode 0600 (Files.createTempFile).
            AtomicFiles.write(file, EcKeys.privateKeyPem(key).getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.write(dir.resolve(file.getFileName() + ".pub.pem"),
                    key.publicKey().pem().getBytes(StandardCharsets.US_ASCII));
            if (posix()) {
                Files.setPosixFilePermissions(dir.resolve(file.getFileName() + ".pub.pem"),
                        PosixFilePermissions.fromString("rw-r--r--"));
            }
            return new Loaded(new Signer(key), true);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "DCU signing key " + file + ": " + e.getMessage(), e);
        }
    }

    private static DeviceSigner load(Path file) throws IOException, FumsException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "DCU signing key " + file + " is not a regular file");
        }
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().anyMatch(FORBIDDEN::contains)) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, "DCU signing key " + file + " has mode "
                        + PosixFilePermissions.toString(perms) + ": others may read or change it; refused "
                        + "(chmod 600 it, owned by the DCU's service user, or remove it to make a new key)");
            }
        }
        if (Files.size(file) > MAX_KEY_FILE) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "DCU signing key " + file + " is larger than "
                    + MAX_KEY_FILE + " bytes: not a key");
        }
        SigningKey key;
        try {
            key = EcKeys.readPrivateKeyPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "DCU signing key " + file + ": " + e.getMessage());
        }
        if (key.algorithm() != SignatureAlgorithm.ECDSA_P256_SHA256) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "DCU signing key " + file + " is on "
                    + key.algorithm() + ": P-256 is required");
        }
        return new Signer(key);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
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
