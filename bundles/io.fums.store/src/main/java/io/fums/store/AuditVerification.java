package io.fums.store;

import java.util.Objects;

/**
 * The result of {@link AuditLog#verify()}: either the whole chain is intact,
 * with its length, or the first broken link with the reason.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditVerification {

    /** Why a link is broken. */
    public enum Problem {
        /** The stored hash is not the hash of the entry's fields: a field was altered. */
        HASH_MISMATCH,
        /** The entry's prev_hash is not the previous entry's hash: an entry was
         *  replaced, re-ordered or removed and the chain renumbered. */
        PREV_MISMATCH,
        /** The entry's seq is not the previous seq + 1 (or the first is not 1):
         *  an entry was deleted. */
        SEQ_GAP,
        /** The chain ends before the last entry recorded by the log: the newest
         *  entries were deleted, or the head record was altered. */
        HEAD_MISMATCH
    }

    private final boolean ok;
    private final long entriesChecked;
    private final long brokenSeq;
    private final Problem problem;
    private final String message;

    private AuditVerification(boolean ok, long entriesChecked, long brokenSeq, Problem problem, String message) {
        this.ok = ok;
        this.entriesChecked = entriesChecked;
        this.brokenSeq = brokenSeq;
        this.problem = problem;
        this.message = message;
    }

    /**
     * An intact chain.
     *
     * @param entries the number of entries checked
     * @return the result
     */
    public static AuditVerification intact(long entries) {
        return new AuditVerification(true, entries, -1, null, "audit chain intact: " + entries + " entries");
    }

    /**
     * A broken chain.
     *
     * @param entriesChecked entries that verified before the break
     * @param brokenSeq seq of the first entry whose link does not verify
     * @param problem why
     * @param message a sentence for people
     * @return the result
     */
    public static AuditVerification broken(long entriesChecked, long brokenSeq, Problem problem, String message) {
        return new AuditVerification(false, entriesChecked, brokenSeq, Objects.requireNonNull(problem, "problem"),
                Objects.requireNonNull(message, "message"));
    }

    /** True if every link verified. */
    public boolean ok() {
        return ok;
    }

    /** The number of entries that verified (all of them when {@link #ok()}). */
    public long entriesChecked() {
        return entriesChecked;
    }

    /**
     * The seq of the first broken link: the first entry whose seq, prev_hash
     * or hash does not verify (for {@link Problem#HEAD_MISMATCH}, the seq
     * after the last entry found). -1 when {@link #ok()}.
     */
    public long brokenSeq() {
        return brokenSeq;
    }

    /** Why the link is broken, null when {@link #ok()}. */
    public Problem problem() {
        return problem;
    }

    /** A sentence for people: the count, or what broke where. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return ok ? message : problem + " at seq " + brokenSeq + ": " + message;
    }
}
