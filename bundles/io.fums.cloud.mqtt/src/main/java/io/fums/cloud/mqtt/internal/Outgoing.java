package io.fums.cloud.mqtt.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message to publish, independent of the MQTT library.
 *
 * @param topic           the topic
 * @param payload         the payload (JSON, UTF-8)
 * @param qos             0 or 1
 * @param retained        the retain flag
 * @param correlationData MQTT 5 correlation data, or null
 * @param userProperties  MQTT 5 user properties
 */
public record Outgoing(String topic, byte[] payload, int qos, boolean retained, byte[] correlationData,
                       List<Map.Entry<String, String>> userProperties) {

    /** Checks and copies. */
    public Outgoing {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos 0 or 1: " + qos);
        }
        userProperties = List.copyOf(userProperties);
    }

    /** A JSON message without correlation data or user properties. */
    public static Outgoing json(String topic, byte[] payload, int qos, boolean retained) {
        return new Outgoing(topic, payload, qos, retained, null, List.of());
    }
}
