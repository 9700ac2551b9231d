package io.fums.cloud.mqtt;

import io.fums.api.error.FumsException;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes events to the cloud through the DCU's durable outbox.
 *
 * <p><b>Guarantees.</b> When {@link #publish} returns (or the stage of
 * {@link #publishAsync} completes), the event is committed to the SQLite
 * outbox (WAL, {@code synchronous=FULL}): a power cut after that loses
 * nothing. Events are published with QoS 1 in the order they were committed
 * and are removed from the outbox only after the broker's PUBACK. A broker
 * outage or a DCU restart delays delivery but loses nothing; after a
 * reconnect, delivery resumes from the oldest unacknowledged event, so the
 * cloud may see an event twice, always with the same id.
 *
 * <p>Publishing works whether or not the DCU is connected.
 *
 * <p><b>Thread-safety:</b> safe to call from any thread. Concurrent callers
 * share one disk commit (group commit), so many producers together reach a
 * far higher rate than one producer calling {@link #publish} in a loop.
 */
@ProviderType
public interface CloudPublisher {

    /**
     * Commits an event to the outbox; it is published as soon as the link is up.
     *
     * @param event the event
     * @return the event's id
     * @throws FumsException {@code STORAGE_FAILED} if it could not be made durable
     *     (the event is then not published)
     */
    String publish(CloudEvent event) throws FumsException;

    /**
     * Like {@link #publish}, without waiting: the stage completes with the
     * event's id once the event is durable, or exceptionally with a
     * {@link FumsException} ({@code STORAGE_FAILED}).
     *
     * @param event the event
     * @return the stage
     */
    CompletionStage<String> publishAsync(CloudEvent event);
}
