package io.fums.cloud.mqtt.standalone;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.CloudSubscriber;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.StateContributor;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A cloud link built by {@link CloudLinks}: what the bundle registers as
 * {@link CloudPublisher} and {@link CloudConnection}, plus what the bundle's
 * whiteboard does for services ({@link RequestHandler}, {@link CloudSubscriber},
 * {@link StateContributor}), done by calls; and the link's counters.
 *
 * <p>Thread-safe. {@link #close()} stops it; the outbox keeps what is pending
 * for the next link on the same database.
 *
 * @since 1.0
 */
@ProviderType
public interface StandaloneCloudLink extends CloudPublisher, CloudConnection, AutoCloseable {

    /**
     * Opens the outbox and starts connecting (in the background; see {@link #isConnected()}).
     *
     * @throws FumsException {@code STORAGE_FAILED} if the outbox cannot be opened
     */
    void start() throws FumsException;

    /**
     * Serves the operations a handler names.
     *
     * @param handler the handler
     * @param properties its service properties ({@link RequestHandler#OPERATIONS} and the others a service would have)
     */
    void addHandler(RequestHandler handler, Map<String, ?> properties);

    /** Stops serving a handler's operations. */
    void removeHandler(RequestHandler handler);

    /**
     * Delivers messages on a topic under the DCU's topic root.
     *
     * @param subscriber the subscriber
     * @param properties its service properties ({@link CloudSubscriber#TOPIC})
     */
    void addSubscriber(CloudSubscriber subscriber, Map<String, ?> properties);

    /** Stops delivering to a subscriber. */
    void removeSubscriber(CloudSubscriber subscriber);

    /**
     * Adds a section to the retained state message.
     *
     * @param contributor the contributor
     * @param properties its service properties (its section name)
     */
    void addStateContributor(StateContributor contributor, Map<String, ?> properties);

    /** Removes a section from the retained state message. */
    void removeStateContributor(StateContributor contributor, Map<String, ?> properties);

    /** Drops the connection without DISCONNECT, as a network failure would (the broker publishes the Will); it reconnects by itself. */
    void abortConnection();

    /** Requests refused because the request queue was full, since the link was built. */
    long droppedRequests();

    /** Sessions the probe found stalled (and re-established), since the link was built. */
    long sessionStalls();

    /** Probe messages that came back from the broker, since the link was built. */
    long probeRoundTrips();

    /**
     * Stops: no new requests, the retained state set offline, a normal
     * disconnect, the outbox flushed and closed, every thread of the link ended.
     */
    @Override
    void close();
}
