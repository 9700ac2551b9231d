package io.fums.meter.upgrade;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When verified images become active (SM-9, UMS-1): right after
 * verification; all together at one time written into each meter's
 * activation schedule (0-0:15.0.2.255); or by the agent inside a daily
 * maintenance window (UTC; a window may wrap midnight).
 *
 * @param at          the activation time, or null
 * @param windowStart the maintenance window's start (UTC), or null
 * @param windowEnd   the maintenance window's end (UTC, exclusive), or null
 */
public record ActivationPolicy(Instant at, LocalTime windowStart, LocalTime windowEnd) {

    public ActivationPolicy {
        if ((windowStart == null) != (windowEnd == null)) {
            throw new IllegalArgumentException("a maintenance window needs a start and an end");
        }
        if (at != null && windowStart != null) {
            throw new IllegalArgumentException("give an activation time or a maintenance window, not both");
        }
        if (windowStart != null && windowStart.equals(windowEnd)) {
            throw new IllegalArgumentException("a maintenance window must not be empty");
        }
    }

    public static ActivationPolicy immediately() {
        return new ActivationPolicy(null, null, null);
    }

    public static ActivationPolicy at(Instant time) {
        return new ActivationPolicy(Objects.requireNonNull(time, "time"), null, null);
    }

    public static ActivationPolicy window(LocalTime start, LocalTime end) {
        return new ActivationPolicy(null, Objects.requireNonNull(start, "start"), Objects.requireNonNull(end, "end"));
    }

    /** True for an activation time written into the meters' schedules. */
    public boolean scheduled() {
        return at != null;
    }

    /** True for a maintenance window. */
    public boolean windowed() {
        return windowStart != null;
    }

    /** The earliest instant at or after {@code now} when activation may happen. */
    public Instant nextActivation(Instant now) {
        if (at != null) {
            return at.isAfter(now) ? at : now;
        }
        if (windowStart == null || inWindow(now)) {
            return now;
        }
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        ZonedDateTime start = t.with(windowStart).withNano(0);
        if (!start.isAfter(t)) {
            start = start.plus(Duration.ofDays(1));
        }
        return start.toInstant();
    }

    /** True if {@code now} is inside the maintenance window (always true without a window). */
    public boolean inWindow(Instant now) {
        if (windowStart == null) {
            return true;
        }
        LocalTime t = now.atZone(ZoneOffset.UTC).toLocalTime();
        if (windowStart.isBefore(windowEnd)) {
            return !t.isBefore(windowStart) && t.isBefore(windowEnd);
        }
        return !t.isBefore(windowStart) || t.isBefore(windowEnd);
    }
}
