package io.fums.tools.pkg;

import io.fums.crypto.pkg.AtomicFiles;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustStoreCodec;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** File handling shared by the commands: bounded reads, atomic writes, keys. */
final class CliFiles {

    private CliFiles() {
    }

    /** Reads a small file; larger than {@code max} bytes is a usage error. */
    static byte[] read(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IllegalArgumentException(file + " is larger than " + max + " bytes");
            }
            return b;
        }
    }

    /** Reads a private key PEM (PKCS#8 or SEC 1, unencrypted). */
    static SigningKey signingKey(Path file) throws IOException {
        String pem = new String(read(file, 16 * 1024), StandardCharsets.US_ASCII);
        try {
            return EcKeys.readPrivateKeyPem(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid private key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a trust store (refusal: CONFIG_MISSING or CONFIG_INVALID). */
    static KeyRing trustStore(Path file) throws FumsException {
        return TrustStoreCodec.read(file);
    }

    /** Writes {@code bytes} atomically; refuses to replace an existing file unless {@code force}. */
    static void write(Path file, byte[] bytes, boolean force) throws IOException {
        if (!force && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        AtomicFiles.write(file, bytes);
    }

    /** Writes a private key readable by its owner only (where the file system has POSIX permissions). */
    static void writePrivate(Path file, byte[] bytes, boolean force) throws IOException {
        write(file, bytes, force);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the user protects the key file
        }
    }
}
