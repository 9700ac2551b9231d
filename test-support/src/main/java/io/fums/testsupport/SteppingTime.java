package io.fums.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock that steps beside a monotonic time that does not, for code that
 * judges instants on an injected {@link java.time.Clock} and durations on a
 * {@code System::nanoTime} supplier (issue 16, clock steps). Thread-safe.
 */
public final class SteppingTime {

    private final MutableClock wall;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    public SteppingTime(Instant start) {
        this.wall = new MutableClock(start);
    }

    /** The wall clock, to inject where a {@link java.time.Clock} is taken. */
    public MutableClock wall() {
        return wall;
    }

    /** The monotonic time, to inject where a {@code System::nanoTime} supplier is taken. */
    public long nanoTime() {
        return nanos.get();
    }

    /** The wall clock steps by {@code d} (backwards if negative); no time passes. */
    public void step(Duration d) {
        wall.advance(d);
    }

    /** Time passes: the wall clock and monotonic time both move by {@code d}. */
    public void pass(Duration d) {
        wall.advance(d);
        nanos.addAndGet(d.toNanos());
    }
}
