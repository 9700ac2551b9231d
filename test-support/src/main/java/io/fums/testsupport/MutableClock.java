package io.fums.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC wall clock that a test moves by hand, for code that takes an injected {@link Clock}. Thread-safe. */
public final class MutableClock extends Clock {

    private final AtomicLong millis;

    public MutableClock(Instant start) {
        this(start.toEpochMilli());
    }

    public MutableClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    /** Moves the clock by {@code d} (backwards if negative). */
    public void advance(Duration d) {
        advance(d.toMillis());
    }

    /** Moves the clock by {@code deltaMillis} (backwards if negative). */
    public void advance(long deltaMillis) {
        millis.addAndGet(deltaMillis);
    }

    /** Sets the clock to {@code epochMillis}. */
    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is UTC");
    }
}
