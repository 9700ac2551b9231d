package io.fums.meter.reading.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read schedule: periods start at multiples of the interval (epoch
 * time: 900 s periods start at :00, :15, :30, :45). At each period start,
 * every link gets a round that reads its meters one after another, as one
 * read session on the link (transfers wait for the whole round); rounds of
 * different links run in parallel on a pool of threads. A link whose
 * previous round still runs skips the new period: its meters' reads for it
 * are missed.
 */
final class PeriodicReader implements AutoCloseable {

    /** What the schedule drives. Implementations handle their own errors. */
    interface Rounds {
        /** The meter ids to read, by link id, in inventory order. */
        Map<String, List<String>> metersByLink();

        /**
         * Opens the link's read session for a whole round, so that no
         * transfer request slips in between the reads of two meters.
         */
        LinkScheduler.ReadSession beginRound(String linkId);

        /** A period starts for these meters. */
        void scheduled(List<String> meters);

        /** Reads one meter for the period {@code [scheduledAt, periodEnd)}. */
        void read(String meter, Instant scheduledAt, Instant periodEnd);

        /** A meter's read for the period could not start. */
        void skipped(String meter, Instant scheduledAt, String why);

        /** Runs once per period after the rounds are handed out (pruning). */
        void housekeeping(Instant now);

        /**
         * The round's reads are done, the link is still the round's until {@code periodEnd}: spare time for
         * work that must not delay reads (capability discovery).
         */
        default void afterRound(String linkId, List<String> meters, Instant periodStart, Instant periodEnd) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicReader.class);

    private final long intervalMillis;
    private final Rounds rounds;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private final ExecutorService pool;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PeriodicReader(Duration interval, int threads, Rounds rounds, Clock clock) {
        this.intervalMillis = interval.toMillis();
        this.rounds = rounds;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "meter read schedule"));
        this.pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "meter reads"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts with the next period. */
    void start() {
        scheduleAfter(clock.millis());
    }

    /** The start of the first period at or after {@code millis}. */
    static long nextPeriod(long millis, long interval) {
        return Math.floorDiv(millis + interval - 1, interval) * interval;
    }

    private void scheduleAfter(long millis) {
        if (closed) {
            return;
        }
        long at = nextPeriod(millis, intervalMillis);
        try {
            ticker.schedule(() -> tick(Instant.ofEpochMilli(at)), Math.max(0, at - clock.millis()),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void tick(Instant at) {
        try {
            Map<String, List<String>> byLink = rounds.metersByLink();
            List<String> all = new ArrayList<>();
            byLink.values().forEach(all::addAll);
            if (!all.isEmpty()) {
                rounds.scheduled(all);
            }
            for (Map.Entry<String, List<String>> e : byLink.entrySet()) {
                String link = e.getKey();
                if (!busy.add(link)) {
                    e.getValue().forEach(m -> rounds.skipped(m, at, "link " + link
                            + " is still busy with the previous period's reads"));
                    continue;
                }
                try {
                    pool.execute(() -> round(link, e.getValue(), at));
                } catch (RejectedExecutionException x) {
                    busy.remove(link);
                }
            }
            rounds.housekeeping(at);
        } catch (RuntimeException e) {
            LOG.error("meter read period {} failed", at, e);
        } finally {
            scheduleAfter(at.toEpochMilli() + 1);
        }
    }

    private void round(String link, List<String> meters, Instant at) {
        Instant end = at.plusMillis(intervalMillis);
        try (LinkScheduler.ReadSession s = rounds.beginRound(link)) {
            for (String m : meters) {
                if (closed) {
                    return;
                }
                if (!clock.instant().isBefore(end)) {
                    rounds.skipped(m, at, "no time left in the period on link " + link);
                    continue;
                }
                rounds.read(m, at, end);
            }
            if (!closed) {
                rounds.afterRound(link, meters, at, end);
            }
        } catch (RuntimeException e) {
            LOG.error("read round of link {} failed", link, e);
        } finally {
            busy.remove(link);
        }
    }

    /** Stops scheduling and waits briefly for the rounds (abort their associations first). */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("meter reads still running 5 s after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
