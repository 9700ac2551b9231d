package io.fums.meter.upgrade.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listeners what campaigns do, at a bounded rate: every final meter
 * result and every alarm at once, campaign progress at most once a second
 * per campaign (a trailing update carries the last counts), and a campaign's
 * own state changes at once.
 *
 * <p>Meter results are delivered at least once: a result is journalled as
 * unreported with its final state, and marked reported only when every
 * listener has made it durable (its stage completed). Results still
 * unreported, because the process was killed between the journal commit and
 * the listener's commit, no listener was bound yet, or the listener could not
 * record it (no outbox), are reported again on the first tick after a start,
 * when {@link #redeliverSoon} is called (a listener came), and every
 * {@value #REDELIVER_TICKS} ticks. A result's event id is derived from
 * campaign, meter and state, so a repeated report deduplicates.
 */
final class CampaignEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignEvents.class);
    /** Ticks (seconds) between two redeliveries of unreported results. */
    static final int REDELIVER_TICKS = 5;
    /** A listener's stage not completed after this long counts as lost (the result is reported again). */
    private static final long IN_FLIGHT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Reads a campaign's summary. */
    interface Summaries {
        CampaignStatus summary(String id) throws FumsException;
    }

    private final Summaries summaries;
    private final CampaignListener listener;
    private final UpgradeJournal journal;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** Results handed to the listener and not yet marked reported: key, and when they were handed. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    /** Results the listener made durable, to be marked reported by the next tick. */
    private final Queue<MeterJob> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean redeliver = new AtomicBoolean(true);
    private final ScheduledExecutorService timer;
    private int ticks;

    /** Events with a one-second tick of their own. */
    CampaignEvents(Summaries summaries, CampaignListener listener, UpgradeJournal journal) {
        this(summaries, listener, journal, true);
    }

    /**
     * @param timed false: nobody ticks but the caller of {@link #tick} (tests
     *     that drive every step)
     */
    CampaignEvents(Summaries summaries, CampaignListener listener, UpgradeJournal journal, boolean timed) {
        this.summaries = summaries;
        this.listener = listener;
        this.journal = journal;
        if (timed) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fums-campaign-events");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    /** A meter's journalled move. */
    void moved(MeterJob job) {
        dirty.add(job.campaignId());
        if (job.state().isFinal()) {
            deliver(job);
        }
    }

    void alarm(String campaign, String meter, String code, String message) {
        try {
            listener.alarm(campaign, meter, code, message);
        } catch (RuntimeException e) {
            LOG.error("a campaign listener failed on an alarm: {}", e.toString());
        }
    }

    /** The campaign's own state changed: report now. */
    void campaignChanged(String id) {
        dirty.remove(id);
        emit(id);
    }

    /** Reports unreported results again at the next tick (a listener came). */
    void redeliverSoon() {
        redeliver.set(true);
    }

    /**
     * One tick: trailing progress, the results the listener acknowledged
     * marked reported, and (now and then) unreported results reported again.
     */
    synchronized void tick() {
        try {
            for (String id : dirty) {
                dirty.remove(id);
                emit(id);
            }
            markReported();
            if (++ticks >= REDELIVER_TICKS || redeliver.getAndSet(false)) {
                ticks = 0;
                for (MeterJob job : journal.unreported()) {
                    deliver(job);
                }
            }
        } catch (FumsException | RuntimeException e) {
            LOG.error("campaign events: {}", e.toString());
        }
    }

    private void markReported() throws FumsException {
        List<MeterJob> done = new ArrayList<>();
        for (MeterJob j; (j = acknowledged.poll()) != null; ) {
            done.add(j);
        }
        try {
            journal.reported(done);
        } finally {
            done.forEach(j -> inFlight.remove(key(j)));
        }
    }

    private void deliver(MeterJob job) {
        String key = key(job);
        long now = System.nanoTime();
        Long since = inFlight.putIfAbsent(key, now);
        if (since != null) {
            if (now - since < IN_FLIGHT_NANOS || !inFlight.replace(key, since, now)) {
                return; // on its way
            }
            LOG.warn("meter result {} not acknowledged within {} s: reported again", key, TimeUnit.NANOSECONDS.toSeconds(IN_FLIGHT_NANOS));
        }
        CompletionStage<?> stage;
        try {
            stage = listener.meterResult(job);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedStage(e);
        }
        if (stage == null) {
            stage = CompletableFuture.completedStage(null);
        }
        stage.whenComplete((ok, e) -> {
            if (e == null) {
                acknowledged.add(job);
            } else {
                inFlight.remove(key, now);
                LOG.warn("meter result {} not recorded (reported again later): {}", key, e.toString());
            }
        });
    }

    private static String key(MeterJob job) {
        return job.campaignId() + "/" + job.meterId() + "/" + job.state();
    }

    private void emit(String id) {
        try {
            listener.progress(summaries.summary(id));
        } catch (FumsException | RuntimeException e) {
            LOG.error("campaign {}: progress not reported: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            try {
                markReported();
            } catch (FumsException | RuntimeException e) {
                LOG.warn("campaign events: acknowledged results not marked (reported again after the restart): {}", e.toString());
            }
        }
    }
}
