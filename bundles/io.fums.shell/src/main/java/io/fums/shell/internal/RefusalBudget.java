package io.fums.shell.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many refused lines one session may put into the audit log: at most {@link Policy#perWindow} a
 * {@link Policy#window} (a fixed window on the monotonic clock), so a script that feeds the shell bad lines cannot
 * flood the audit log. The refusals beyond are still answered, only not audited one by one: the next audited refusal,
 * or the session's end, is preceded by one entry saying how many were suppressed. Thread-safe; one per session.
 */
final class RefusalBudget {

    /**
     * The bounds: at most {@code perWindow} audited refusals a {@code window}, judged on {@code nanos}
     * ({@code System::nanoTime} in the DCU).
     */
    record Policy(int perWindow, Duration window, LongSupplier nanos) {
        static final Policy DEFAULT = new Policy(20, Duration.ofMinutes(1), System::nanoTime);

        Policy {
            if (perWindow < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("refusal audit bounds out of range: " + perWindow + " a " + window);
            }
        }
    }

    /** Whether to audit this refusal, and how many refusals were suppressed before it (0: none to report). */
    record Admission(boolean audit, int suppressedBefore) {
    }

    private final Policy policy;
    private long windowStart;
    private int audited;
    private int suppressed;

    RefusalBudget(Policy policy) {
        this.policy = policy;
        this.windowStart = policy.nanos().getAsLong();
    }

    Policy policy() {
        return policy;
    }

    /** One more refusal: audit it if the window has room; a new window reports what the last one suppressed. */
    synchronized Admission admit() {
        long now = policy.nanos().getAsLong();
        int report = 0;
        if (now - windowStart >= policy.window().toNanos()) {
            windowStart = now;
            audited = 0;
            report = suppressed;
            suppressed = 0;
        }
        if (audited < policy.perWindow()) {
            audited++;
            return new Admission(true, report);
        }
        suppressed++;
        return new Admission(false, report);
    }

    /** The session ends: how many refusals are suppressed and not yet reported (then 0). */
    synchronized int drain() {
        int report = suppressed;
        suppressed = 0;
        return report;
    }
}
