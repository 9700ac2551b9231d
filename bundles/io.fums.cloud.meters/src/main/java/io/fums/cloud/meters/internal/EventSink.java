package io.fums.cloud.meters.internal;

import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudPublisher;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the listeners of the meter agent and the meter reading bundle put
 * their events: the cloud link's outbox, without waiting for its disk
 * commit, in call order.
 * While the cloud link is not running there is no outbox: the event is lost
 * (logged once per outage), and the returned stage fails (the meter agent
 * reports a meter result again until it is durable). Also builds the events both bundles share
 * ({@code evt/alarm}), with no type of either bundle, so that each works
 * without the other.
 */
final class EventSink {

    /** Event kind of campaign progress. */
    static final String PROGRESS_KIND = "campaign";
    /** Event kind of a meter's final result in a campaign. */
    static final String RESULT_KIND = "meter-result";
    /** Event kind of alarms (campaign and meter). */
    static final String ALARM_KIND = "alarm";

    private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);

    private final Supplier<CloudPublisher> publisher;
    private final AtomicBoolean warned = new AtomicBoolean();

    EventSink(Supplier<CloudPublisher> publisher) {
        this.publisher = publisher;
    }

    /**
     * {@code evt/alarm}.
     *
     * @param source   {@code campaign} (the meter-upgrade agent) or {@code meter} (the meter-reading bundle)
     * @param campaign the campaign, or null
     * @param meterId  the meter, or null for an alarm about the whole campaign
     * @param code     the error code or alarm kind
     */
    static CloudEvent alarmEvent(String source, String campaign, String meterId, String code, String message, Instant at) {
        return CloudEvent.builder(ALARM_KIND)
                .time(at)
                .data("source", source)
                .data("campaign", campaign)
                .data("meterId", meterId)
                .data("code", code)
                .data("message", message)
                .data("at", at)
                .build();
    }

    /**
     * Hands the event to the outbox.
     *
     * @return completes with the event id once the event is durable in the
     *     outbox; exceptionally if there is no outbox or the commit failed
     */
    CompletionStage<String> publish(CloudEvent event) {
        CloudPublisher p = publisher.get();
        if (p == null) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("the cloud link is not running: {} events are lost until it is", event.kind());
            }
            return CompletableFuture.failedStage(new IllegalStateException("the cloud link is not running"));
        }
        warned.set(false);
        try {
            return p.publishAsync(event).whenComplete((id, e) -> {
                if (e != null) {
                    LOG.error("{} event {} not recorded: {}", event.kind(), event.id(), e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.error("{} event {} not recorded: {}", event.kind(), event.id(), e.toString());
            return CompletableFuture.failedStage(e);
        }
    }
}
