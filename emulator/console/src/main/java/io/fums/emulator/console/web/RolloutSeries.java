package io.fums.emulator.console.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Meters per state over time, per rollout, for the live view's chart: a sample each time a rollout's counts change
 * (time from the injected clock). Bounded: {@link #MAX_SAMPLES} per rollout (the oldest dropped), {@link #MAX_ROLLOUTS}
 * rollouts (the least recently sampled forgotten). Thread-safe.
 */
final class RolloutSeries {

    static final int MAX_SAMPLES = 2_000;
    static final int MAX_ROLLOUTS = 200;

    /**
     * One sample.
     *
     * @param t      when it was taken
     * @param done   meters in a final state
     * @param total  target meters
     * @param counts meters per state
     */
    record Sample(Instant t, int done, int total, Map<String, Integer> counts) {
    }

    private final Clock clock;
    private final Map<String, Deque<Sample>> series = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Sample>> eldest) {
            return size() > MAX_ROLLOUTS;
        }
    };

    RolloutSeries(Clock clock) {
        this.clock = clock;
    }

    /** Records a rollout's counts now; returns the sample. */
    synchronized Sample record(RolloutSource.Rollout r) {
        Sample s = new Sample(clock.instant(), r.done(), r.total(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(r.counts())));
        Deque<Sample> d = series.computeIfAbsent(r.id(), k -> new ArrayDeque<>());
        Sample last = d.peekLast();
        if (last != null && last.counts().equals(s.counts()) && last.done() == s.done()) {
            return last;
        }
        d.addLast(s);
        while (d.size() > MAX_SAMPLES) {
            d.removeFirst();
        }
        return s;
    }

    /** A rollout's samples, oldest first. */
    synchronized List<Sample> of(String id) {
        Deque<Sample> d = series.get(id);
        return d == null ? List.of() : new ArrayList<>(d);
    }
}
