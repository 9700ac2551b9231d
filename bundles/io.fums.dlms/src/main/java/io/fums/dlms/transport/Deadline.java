package io.fums.dlms.transport;

/**
 * An absolute point in time on the monotonic clock; waits are computed from it, never restarted.
 * Immutable. Public since 2.0 of this package (before, an internal helper), for the meter emulator's HDLC server.
 */
public final class Deadline {

    private final long at;

    private Deadline(long at) {
        this.at = at;
    }

    /** {@code millis} from now; a huge value means practically never. */
    public static Deadline after(long millis) {
        long now = System.nanoTime();
        long nanos = millis >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2 : millis * 1_000_000;
        return new Deadline(now + nanos);
    }

    /** Milliseconds left, at least 0, rounded up so that a wait never ends early. */
    public long remainingMillis() {
        long left = at - System.nanoTime();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return at - System.nanoTime() <= 0;
    }

    /** The earlier of this deadline and one {@code millis} from now. */
    public Deadline min(long millis) {
        Deadline other = after(millis);
        return other.at - at < 0 ? other : this;
    }
}
