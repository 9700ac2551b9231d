package io.fums.crypto.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.pkg.AtomicFiles;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * The DCU's own secret key files under {@code ${fums.data.dir}/keys}: the
 * owner-only mode check that every one of them passes before it is read,
 * and their creation (mode 0600 in a folder of mode 0700, temporary file,
 * fsync, atomic rename, fsync of the folder).
 */
public final class KeyFiles {

    /** Larger files are refused: no key file of ours comes near. */
    public static final long MAX_KEY_FILE = 16 * 1024;
    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles() {
    }

    /** A private key on P-256 read from or just written to its file. */
    public record Loaded(SigningKey key, boolean created) {
    }

    /**
     * Refuses a key file that is not a regular file, that the group or others may use, or that is too large.
     *
     * @param what names the key in messages ("DCU signing key")
     * @throws FumsException {@code CONFIG_INVALID} naming the file and its mode
     */
    public static void checkOwnerOnly(Path file, String what) throws FumsException, IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + " " + file + " is not a regular file");
        }
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().anyMatch(FORBIDDEN::contains)) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, what + " " + file + " has mode "
                        + PosixFilePermissions.toString(perms) + ": others may read or change it; refused "
                        + "(chmod 600 it, owned by the DCU's service user, or remove it to make a new key)");
            }
        }
        if (Files.size(file) > MAX_KEY_FILE) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, what + " " + file + " is larger than "
                    + MAX_KEY_FILE + " bytes: not a key");
        }
    }

    /**
     * Writes a new secret key file, owner-only, durably (the folder is created with mode 0700 if missing).
     */
    public static void writeSecret(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            fsyncDirectory(dir.getParent());
        }
        // The temporary file of AtomicFiles is created with mode 0600 (Files.createTempFile).
        AtomicFiles.write(file, content);
    }

    /** Writes the public half of a key next to it, mode 0644. */
    public static void writePublic(Path file, String pem) throws IOException {
        AtomicFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII));
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * The P-256 private key in a PEM file (checked with {@link #checkOwnerOnly}); a new one, with its public
     * half in {@code <name>.pub.pem}, if the file does not exist.
     *
     * @throws FumsException {@code CONFIG_INVALID}: unusable file or not a P-256 key; {@code STORAGE_FAILED}: I/O
     */
    public static Loaded loadOrCreateP256(Path keyFile, String what) throws FumsException {
        Path file = keyFile.toAbsolutePath();
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                checkOwnerOnly(file, what);
                SigningKey key;
                try {
                    key = EcKeys.readPrivateKeyPem(Files.readString(file, StandardCharsets.US_ASCII));
                } catch (RuntimeException e) {
                    throw new FumsException(ErrorCode.CONFIG_INVALID, what + " " + file + ": " + e.getMessage());
                }
                if (key.algorithm() != SignatureAlgorithm.ECDSA_P256_SHA256) {
                    throw new FumsException(ErrorCode.CONFIG_INVALID, what + " " + file + " is on "
                            + key.algorithm() + ": P-256 is required");
                }
                return new Loaded(key, false);
            }
            SigningKey key = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
            writeSecret(file, EcKeys.privateKeyPem(key).getBytes(StandardCharsets.US_ASCII));
            writePublic(file.getParent().resolve(file.getFileName() + ".pub.pem"), key.publicKey().pem());
            return new Loaded(key, true);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, what + " " + file + ": " + e.getMessage(), e);
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
