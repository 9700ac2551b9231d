package io.fums.cloud.mqtt;

import io.fums.api.device.DeviceId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The status of the DCU's cloud link. Thread-safe.
 */
@ProviderType
public interface CloudConnection {

    /** This DCU's id, the second level of every topic ({@code fums/v1/{dcuId}/...}). */
    DeviceId dcuId();

    /** True while an MQTT session with the broker is up. */
    boolean isConnected();

    /** The number of events in the outbox not yet acknowledged by the broker. */
    long pendingEvents();

    /**
     * When the broker last acknowledged an event of the outbox (PUBACK), since
     * the link started.
     *
     * @return the time (DCU clock), or empty if no event was acknowledged yet
     * @since 1.3
     */
    default java.util.Optional<java.time.Instant> lastAcknowledged() {
        return java.util.Optional.empty();
    }

    /**
     * Re-publishes the retained {@code state} message soon (coalesced: many
     * calls in a short time give one message), for instance after the
     * software changed or a {@link StateContributor}'s section changed.
     * Does nothing while disconnected: the state is published at every connect.
     */
    void refreshState();
}
