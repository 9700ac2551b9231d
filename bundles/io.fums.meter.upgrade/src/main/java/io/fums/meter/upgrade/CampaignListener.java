package io.fums.meter.upgrade;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears what campaigns do (whiteboard: register as a service). The cloud link
 * turns these calls into events; the agent itself knows nothing about the
 * cloud. Calls come from the agent's worker threads, after the change they
 * report is durable; implementations must be quick and thread-safe.
 */
@ConsumerType
public interface CampaignListener {

    /** The campaign's state or counts changed; called at most about once a second per campaign while meters progress. */
    default void progress(CampaignStatus status) {
    }

    /**
     * A meter reached a final state (SUCCEEDED, REVERTED, CANCELLED). Results
     * are delivered at least once: until the stage of every listener has
     * completed normally, the agent reports the result again (every few
     * seconds, when a listener comes, and after a restart), so a listener may
     * see the same result more than once.
     *
     * @return completes normally once the listener has made the result durable
     *     (or needs no durability); exceptionally if it did not record it
     */
    default CompletionStage<?> meterResult(MeterJob job) {
        return CompletableFuture.completedStage(null);
    }

    /**
     * An alarm: a failed upgrade process of one meter (SM-2), or the error
     * threshold that paused the campaign.
     *
     * @param campaign the campaign
     * @param meterId  the meter, or null for a campaign alarm
     * @param code     the error code, e.g. {@code METER_SELF_CHECK_FAILED} or {@code CAMPAIGN_THRESHOLD}
     * @param message  what happened
     */
    default void alarm(String campaign, String meterId, String code, String message) {
    }
}
