package io.fums.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The audit chain hash: SHA-256 over the canonical, length-prefixed encoding
 * documented on {@link io.fums.store.AuditLog}.
 */
final class AuditHasher {

    static final String DOMAIN = "fums.audit.v1";
    static final int HASH_LENGTH = 32;
    private static final int NULL_LENGTH = 0xFFFFFFFF;

    private AuditHasher() {
    }

    static byte[] zeroHash() {
        return new byte[HASH_LENGTH];
    }

    static byte[] hash(long seq, long timestampMillis, String actor, String action, String outcome,
            String reason, String subject, String detail, byte[] prevHash) {
        MessageDigest md = sha256();
        string(md, DOMAIN);
        int64(md, seq);
        int64(md, timestampMillis);
        string(md, actor);
        string(md, action);
        string(md, outcome);
        string(md, reason);
        string(md, subject);
        string(md, detail);
        int32(md, prevHash.length);
        md.update(prevHash);
        return md.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void string(MessageDigest md, String s) {
        if (s == null) {
            int32(md, NULL_LENGTH);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int32(md, bytes.length);
        md.update(bytes);
    }

    private static void int32(MessageDigest md, int v) {
        md.update((byte) (v >>> 24));
        md.update((byte) (v >>> 16));
        md.update((byte) (v >>> 8));
        md.update((byte) v);
    }

    private static void int64(MessageDigest md, long v) {
        int32(md, (int) (v >>> 32));
        int32(md, (int) v);
    }
}
