package io.fums.meter.reading.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repeated failures of one kind from one peer, turned into few alarms (SEC-8,
 * SEC-9): failures are counted per key (kind and peer) in a sliding window;
 * when {@code threshold} of them fall within the window, one alarm is due,
 * carrying the failures counted since the key's previous alarm, and the key
 * then stays quiet until a whole window has passed since that alarm (failures
 * meanwhile are only counted: the next alarm reports them). Memory is bounded: at most {@code threshold}
 * instants per key and {@link #MAX_KEYS} keys (the oldest key is forgotten).
 * Time comes from the caller, on monotonic time ({@link System#nanoTime()}):
 * a step of the wall clock neither silences alarms for hours nor merges
 * failures hours apart into one window (issue 16). Thread-safe.
 */
final class FailureSeries {

    static final int MAX_KEYS = 10_000;

    private final long windowNanos;
    private final int threshold;
    private final Map<String, Series> series = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Series {
        final Deque<Long> recent = new ArrayDeque<>();
        Long quietUntil;
        long sinceAlarm;
    }

    /**
     * @param window    how far back failures count, and how long a key stays quiet after an alarm
     * @param threshold failures within the window that raise an alarm, at least 1
     */
    FailureSeries(Duration window, int threshold) {
        if (window.isNegative() || window.isZero() || threshold < 1) {
            throw new IllegalArgumentException("window must be positive and threshold at least 1");
        }
        this.windowNanos = window.toNanos();
        this.threshold = threshold;
    }

    /**
     * Records {@code n} failures for {@code key} at {@code nowNanos} (monotonic).
     *
     * @return when an alarm is due now, the failures since the key's previous
     *         alarm (or since it was first seen), else 0
     */
    synchronized long failed(String key, long nowNanos, long n) {
        if (n <= 0) {
            return 0;
        }
        Series s = series.computeIfAbsent(key, k -> new Series());
        if (series.size() > MAX_KEYS) {
            Iterator<String> oldest = series.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        s.sinceAlarm += n;
        for (long i = Math.min(n, threshold); i > 0; i--) {
            if (s.recent.size() == threshold) {
                s.recent.removeFirst();
            }
            s.recent.addLast(nowNanos);
        }
        while (!s.recent.isEmpty() && nowNanos - s.recent.peekFirst() >= windowNanos) {
            s.recent.removeFirst();
        }
        if (s.quietUntil != null && nowNanos - s.quietUntil < 0) {
            return 0;
        }
        if (s.recent.size() < threshold) {
            return 0;
        }
        long count = s.sinceAlarm;
        s.sinceAlarm = 0;
        s.recent.clear();
        s.quietUntil = nowNanos + windowNanos;
        return count;
    }

    /** Forgets a key (an operator cleared the peer). */
    synchronized void reset(String key) {
        series.remove(key);
    }
}
