package io.fums.meter.reading.internal;

import java.time.Duration;
import java.time.Instant;
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
 * Time comes from the caller (the DCU's clock). Thread-safe.
 */
final class FailureSeries {

    static final int MAX_KEYS = 10_000;

    private final Duration window;
    private final int threshold;
    private final Map<String, Series> series = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Series {
        final Deque<Instant> recent = new ArrayDeque<>();
        Instant quietUntil;
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
        this.window = window;
        this.threshold = threshold;
    }

    /**
     * Records {@code n} failures for {@code key} at {@code now}.
     *
     * @return when an alarm is due now, the failures since the key's previous
     *         alarm (or since it was first seen), else 0
     */
    synchronized long failed(String key, Instant now, long n) {
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
            s.recent.addLast(now);
        }
        Instant from = now.minus(window);
        while (!s.recent.isEmpty() && !s.recent.peekFirst().isAfter(from)) {
            s.recent.removeFirst();
        }
        if (s.quietUntil != null && now.isBefore(s.quietUntil)) {
            return 0;
        }
        if (s.recent.size() < threshold) {
            return 0;
        }
        long count = s.sinceAlarm;
        s.sinceAlarm = 0;
        s.recent.clear();
        s.quietUntil = now.plus(window);
        return count;
    }

    /** Forgets a key (an operator cleared the peer). */
    synchronized void reset(String key) {
        series.remove(key);
    }
}
