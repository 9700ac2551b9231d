package io.fums.cloud.mqtt.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for reconnects and retries: the n-th delay
 * (from 0) is uniformly distributed in [cap/2, cap] where
 * cap = min(max, min * 2^n). Half the delay is random, so a fleet of DCUs
 * that lost the broker at the same moment does not come back at the same
 * moment, and no delay is shorter than half the current cap.
 *
 * <p>Thread-safe.
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param min    the first cap
     * @param max    the largest cap
     * @param random uniform values in [0, 1)
     */
    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.random = random;
    }

    /** The next delay; each call doubles the cap until the maximum. */
    public synchronized Duration next() {
        long cap = cap(attempt);
        if (attempt < 62) {
            attempt++;
        }
        long half = cap / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (cap - half + 1)));
    }

    /** The cap of the n-th delay. */
    long cap(int n) {
        long cap = minMillis;
        for (int i = 0; i < n && cap < maxMillis; i++) {
            cap = cap > maxMillis / 2 ? maxMillis : cap * 2;
        }
        return Math.min(cap, maxMillis);
    }

    /** Back to the first delay (after a success). */
    public synchronized void reset() {
        attempt = 0;
    }

    /** Delays handed out since the last reset. */
    public synchronized int attempts() {
        return attempt;
    }
}
