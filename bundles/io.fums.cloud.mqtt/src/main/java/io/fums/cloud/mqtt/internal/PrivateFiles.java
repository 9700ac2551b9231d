package io.fums.cloud.mqtt.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Secrets in files (the broker password, the client's private key): such a
 * file must be readable by its owner only, the service user (SEC-1, SEC-5).
 */
final class PrivateFiles {

    /** The largest password file read (a password, not a document). */
    static final int MAX_PASSWORD_BYTES = 1024;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Refuses a secret file that group or others may access (POSIX permissions; the
     * link is followed). On a file system without POSIX permissions nothing is checked.
     *
     * @param setting the configuration setting that names the file, for the message
     * @throws FumsException {@code CONFIG_INVALID} naming the setting, the path and its mode; also if it is missing
     */
    static void requireOwnerOnly(String setting, Path file) throws FumsException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (!Files.isRegularFile(file)) {
            throw invalid(setting + " " + file + " is not a readable file");
        }
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = view.readAttributes().permissions();
        } catch (IOException e) {
            throw invalid(setting + " " + file + ": its permissions cannot be read: " + e.getMessage());
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(perms);
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
            throw invalid(setting + " " + file + " has mode " + mode(perms) + " ("
                    + PosixFilePermissions.toString(perms) + "): a secret must be readable by the service user only; "
                    + "chmod 600 it");
        }
    }

    /**
     * Reads a password file: checked with {@link #requireOwnerOnly}, UTF-8, at most
     * {@value #MAX_PASSWORD_BYTES} bytes, one trailing line break dropped.
     *
     * @throws FumsException {@code CONFIG_INVALID} for a file that is open to others, too large, empty or not UTF-8
     */
    static char[] readPassword(String setting, Path file) throws FumsException {
        requireOwnerOnly(setting, file);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_PASSWORD_BYTES) {
                throw invalid(setting + " " + file + " is larger than " + MAX_PASSWORD_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw invalid(setting + " " + file + " cannot be read: " + e.getMessage());
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            int end = cb.limit();
            if (end > 0 && cb.get(end - 1) == '\n') {
                end--;
                if (end > 0 && cb.get(end - 1) == '\r') {
                    end--;
                }
            }
            char[] password = Arrays.copyOfRange(cb.array(), cb.arrayOffset(), cb.arrayOffset() + end);
            Arrays.fill(cb.array(), '\0');
            if (password.length == 0) {
                throw invalid(setting + " " + file + " is empty");
            }
            return password;
        } catch (CharacterCodingException e) {
            throw invalid(setting + " " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Octal mode, e.g. {@code 0644}. */
    static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", m);
    }

    private static FumsException invalid(String message) {
        return new FumsException(ErrorCode.CONFIG_INVALID, "cloud link configuration " + CloudSettings.PID + ": "
                + message);
    }
}
