package io.fums.meter.upgrade.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * When a scheduled activation time has come, judged on monotonic time so that
 * a step of the DCU's wall clock (NTP, an operator, a dead RTC battery) does
 * neither activate early nor wait hours too long (issue 16, "clock steps").
 *
 * <p>The first time this DCU process sees an activation instant (the campaign
 * runner fixes it when a run starts), the wall clock says how far away it is;
 * from then on the distance is counted on {@link System#nanoTime()}. The
 * meter is the authority on the instant itself: it activates by its own clock
 * from the schedule written into it, and the upgrader reads its status back
 * ({@link MeterUpgrader}). A DCU restart fixes the deadline again from the
 * wall clock of that moment.
 */
final class ActivationDeadlines {

    /** Distinct activation instants remembered; older ones are fixed again if seen again. */
    private static final int MAX_ENTRIES = 64;

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<Instant, Long> deadlines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Instant, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @param clock    the DCU's wall clock (read once per activation instant)
     * @param nanoTime the monotonic time ({@code System::nanoTime} in the DCU)
     */
    ActivationDeadlines(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** The monotonic deadline of {@code at}, fixed from the wall clock the first time it is asked for. */
    synchronized long deadlineNanos(Instant at) {
        return deadlines.computeIfAbsent(at, a -> {
            long away = Math.max(0, a.toEpochMilli() - clock.millis());
            return nanoTime.getAsLong() + Duration.ofMillis(away).toNanos();
        });
    }

    /** How long until {@code at} comes, on monotonic time; zero once it has come. */
    Duration left(Instant at) {
        long left = deadlineNanos(at) - nanoTime.getAsLong();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** How long ago {@code at} came, on monotonic time; zero while it has not come. */
    Duration since(Instant at) {
        long since = nanoTime.getAsLong() - deadlineNanos(at);
        return since <= 0 ? Duration.ZERO : Duration.ofNanos(since);
    }

    /** True once {@code at} has come, on monotonic time. */
    boolean reached(Instant at) {
        return left(at).isZero();
    }

    /** Sleeps until {@code at} has come, on monotonic time; a wall clock step changes nothing. */
    void await(Instant at) throws InterruptedException {
        Duration left;
        while (!(left = left(at)).isZero()) {
            Thread.sleep(Math.max(1, Math.min(1000, left.toMillis())));
        }
    }
}
