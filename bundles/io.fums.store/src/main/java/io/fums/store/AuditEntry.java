package io.fums.store;

import io.fums.api.error.ErrorCode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored entry of the {@link AuditLog}, exactly as it is in the chain.
 * Text fields are the stored text: what the hash covers.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditEntry {

    private final long seq;
    private final long timestampMillis;
    private final String actor;
    private final String action;
    private final AuditOutcome outcome;
    private final String reason;
    private final String subject;
    private final String detailJson;
    private final byte[] prevHash;
    private final byte[] hash;

    /**
     * An entry. Used by implementations of {@link AuditLog}.
     *
     * @param seq position in the chain, from 1
     * @param timestampMillis when it was recorded, UTC milliseconds since the epoch
     * @param actor who acted
     * @param action what was done
     * @param outcome how it ended
     * @param reason the {@link ErrorCode} name, or null
     * @param subject what it was done to, or null
     * @param detailJson the detail as a JSON object text, or null
     * @param prevHash the previous entry's hash (32 zero bytes for the first)
     * @param hash this entry's hash
     */
    public AuditEntry(long seq, long timestampMillis, String actor, String action, AuditOutcome outcome,
            String reason, String subject, String detailJson, byte[] prevHash, byte[] hash) {
        this.seq = seq;
        this.timestampMillis = timestampMillis;
        this.actor = Objects.requireNonNull(actor, "actor");
        this.action = Objects.requireNonNull(action, "action");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.reason = reason;
        this.subject = subject;
        this.detailJson = detailJson;
        this.prevHash = prevHash.clone();
        this.hash = hash.clone();
    }

    /** Position in the chain: 1, 2, 3, ... without gaps. */
    public long seq() {
        return seq;
    }

    /** When it was recorded, UTC milliseconds since the epoch. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** When it was recorded. */
    public Instant time() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** Who acted. */
    public String actor() {
        return actor;
    }

    /** What was done. */
    public String action() {
        return action;
    }

    /** How it ended. */
    public AuditOutcome outcome() {
        return outcome;
    }

    /** The reason code's name as stored, or null. */
    public String reason() {
        return reason;
    }

    /** The reason code, if there is one and this version knows it. */
    public Optional<ErrorCode> reasonCode() {
        if (reason == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ErrorCode.valueOf(reason));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** What it was done to, or null. */
    public String subject() {
        return subject;
    }

    /** The detail as JSON object text, or null when there was none. */
    public String detailJson() {
        return detailJson;
    }

    /** The previous entry's hash (a copy). */
    public byte[] prevHash() {
        return prevHash.clone();
    }

    /** This entry's SHA-256 chain hash (a copy). */
    public byte[] hash() {
        return hash.clone();
    }

    /** This entry's hash, lower-case hex. */
    public String hashHex() {
        return hex(hash);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuditEntry)) {
            return false;
        }
        AuditEntry e = (AuditEntry) o;
        return seq == e.seq && Arrays.equals(hash, e.hash) && timestampMillis == e.timestampMillis
                && actor.equals(e.actor) && action.equals(e.action) && outcome == e.outcome
                && Objects.equals(reason, e.reason) && Objects.equals(subject, e.subject)
                && Objects.equals(detailJson, e.detailJson) && Arrays.equals(prevHash, e.prevHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "#" + seq + " " + time() + " " + actor + " " + action + " " + outcome
                + (reason == null ? "" : " " + reason) + (subject == null ? "" : " [" + subject + "]");
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }
}
