package io.fums.meter.upgrade.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listeners what campaigns do, at a bounded rate: every final meter
 * result and every alarm at once, campaign progress at most once a second
 * per campaign (a trailing update carries the last counts), and a campaign's
 * own state changes at once.
 */
final class CampaignEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignEvents.class);

    /** Reads a campaign's summary. */
    interface Summaries {
        CampaignStatus summary(String id) throws FumsException;
    }

    private final Summaries summaries;
    private final CampaignListener listener;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fums-campaign-events");
        t.setDaemon(true);
        return t;
    });

    CampaignEvents(Summaries summaries, CampaignListener listener) {
        this.summaries = summaries;
        this.listener = listener;
        timer.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    /** A meter's journalled move. */
    void moved(MeterJob job) {
        dirty.add(job.campaignId());
        if (job.state().isFinal()) {
            try {
                listener.meterResult(job);
            } catch (RuntimeException e) {
                LOG.error("a campaign listener failed on a meter result: {}", e.toString());
            }
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

    private void flush() {
        for (String id : dirty) {
            dirty.remove(id);
            emit(id);
        }
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
        timer.shutdownNow();
    }
}
