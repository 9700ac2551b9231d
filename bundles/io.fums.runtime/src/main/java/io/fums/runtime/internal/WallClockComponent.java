package io.fums.runtime.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.osgi.service.component.annotations.Component;

/**
 * The DCU's one wall clock, registered as a {@link java.time.Clock} service:
 * every component that judges wall time (command validity, nonce expiry,
 * campaign schedules, journal and audit timestamps) receives this service by
 * constructor injection instead of reading the system clock itself, so that
 * they all agree and a test can run them on one fixed or shifted clock.
 * Durations and timeouts are not wall time: they use {@link System#nanoTime()}.
 *
 * <p>Production: {@link Clock#systemUTC()}.
 */
@Component(service = Clock.class)
public final class WallClockComponent extends Clock {

    private final Clock delegate = Clock.systemUTC();

    @Override
    public ZoneId getZone() {
        return delegate.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return delegate.withZone(zone);
    }

    @Override
    public long millis() {
        return delegate.millis();
    }

    @Override
    public Instant instant() {
        return delegate.instant();
    }

    @Override
    public String toString() {
        return "fums wall clock (" + delegate + ")";
    }
}
