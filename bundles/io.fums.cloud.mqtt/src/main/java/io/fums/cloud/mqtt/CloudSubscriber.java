package io.fums.cloud.mqtt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives messages the cloud sends to this DCU outside the request/response
 * API (notifications, configuration pushes). Register an implementation as an
 * OSGi service with the service property {@value #TOPIC}: an MQTT topic
 * filter relative to the DCU's topic root {@code fums/v1/{dcuId}/}, such as
 * {@code notify/#}. The cloud link subscribes with QoS 1 while the service is
 * registered.
 *
 * <p>Filters under {@code req/}, {@code evt/} and {@code state} belong to the
 * cloud link and are refused (logged, not subscribed).
 */
@ConsumerType
public interface CloudSubscriber {

    /** Service property: the topic filter relative to {@code fums/v1/{dcuId}/}. */
    String TOPIC = "fums.cloud.topic";

    /**
     * A message arrived. Called on a cloud-link thread, one message at a time
     * per subscriber; return quickly (hand long work to your own thread).
     * Exceptions are logged and otherwise ignored.
     *
     * @param message the message
     */
    void onMessage(CloudMessage message);
}
