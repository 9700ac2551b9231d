package io.fums.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps the status file's {@code health} current while the DCU runs: every period (a fixed delay, monotonic) it runs
 * the health checks and, when the verdict changes, rewrites {@code health}, {@code health.reason} and
 * {@code health.checks} (atomically, by {@link StatusFile}) and logs one line: WARNING with the reason when the DCU
 * becomes degraded, INFO when it is back to ok. {@code state} stays the process life cycle.
 */
final class HealthMonitor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("io.fums.launcher");
    static final Duration PERIOD = Duration.ofSeconds(5);
    /** health.reason is one line of at most this many characters. */
    static final int MAX_REASON_CHARS = 800;
    private static final int MAX_MESSAGE_CHARS = 240;

    /** What the checks said: ok or degraded, why, of how many checks. */
    record Health(boolean ok, String reason, int checks) {
        String word() {
            return ok ? "ok" : "degraded";
        }
    }

    /** The checks' verdicts now; null when there is nothing to judge. */
    private final Supplier<List<HealthChecks.Verdict>> checks;
    private final StatusFile status;
    private final Duration period;
    private final ScheduledExecutorService timer;
    private Health last;
    private String lastFailing;

    HealthMonitor(Supplier<List<HealthChecks.Verdict>> checks, StatusFile status, Duration period) {
        this.checks = checks;
        this.status = status;
        this.period = period;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fums-health-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    /** The verdict of these checks: degraded when any is not OK, with each failing check's name and first message. */
    static Health judge(List<HealthChecks.Verdict> verdicts) {
        List<HealthChecks.Verdict> failing = verdicts.stream().filter(v -> !v.ok()).toList();
        if (failing.isEmpty()) {
            return new Health(true, "", verdicts.size());
        }
        String reason = failing.stream()
                .map(v -> v.name() + ": " + v.status() + " " + cut(oneLine(v.message()), MAX_MESSAGE_CHARS))
                .collect(Collectors.joining("; "));
        return new Health(false, cut(reason, MAX_REASON_CHARS), verdicts.size());
    }

    /**
     * Runs the checks once now and records a change; returns the verdict, or null when the checks' source had
     * nothing to judge (the framework is not active). Called by the timer, and once before the DCU reports up.
     */
    synchronized Health check() {
        Health h;
        List<HealthChecks.Verdict> verdicts;
        try {
            verdicts = checks.get();
            if (verdicts == null) {
                return null;
            }
            h = judge(verdicts);
        } catch (RuntimeException e) {
            verdicts = List.of();
            h = new Health(false, cut("the health checks could not run: " + oneLine(String.valueOf(e)), MAX_REASON_CHARS), 0);
        }
        if (h.equals(last)) {
            return h;
        }
        String failing = verdicts.stream().filter(v -> !v.ok()).map(v -> v.name() + "=" + v.status())
                .collect(Collectors.joining(","));
        try {
            status.health(h.word(), h.reason(), h.checks());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the health to " + status.path() + ": " + e);
            return h; // tried again next period
        }
        boolean okChanged = last == null || last.ok() != h.ok();
        if (okChanged || !Objects.equals(failing, lastFailing)) {
            // one line a change of verdict or of the failing checks, not one a changed message detail
            if (h.ok()) {
                LOG.info("FUMS-DCU health ok: " + h.checks() + " health checks pass");
            } else {
                LOG.warning("FUMS-DCU health degraded: " + h.reason());
            }
        }
        last = h;
        lastFailing = failing;
        return h;
    }

    /** Checks every period from now on, on one daemon thread. */
    void start() {
        long millis = period.toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "the health monitor failed: " + e);
        }
    }

    /** Stops checking; waits briefly for a check under way so that nothing writes the health after this returns. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    static String cut(String s, int max) {
        // ASCII: the status file is a properties file, which would write \\u2026
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
