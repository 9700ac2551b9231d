package io.fums.cloud.mqtt.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A received message, independent of the MQTT library.
 *
 * @param topic           the topic
 * @param payload         the payload
 * @param qos             its QoS
 * @param retained        the retain flag
 * @param responseTopic   MQTT 5 response topic, or null
 * @param correlationData MQTT 5 correlation data, or null
 * @param contentType     MQTT 5 content type, or null
 * @param userProperties  MQTT 5 user properties in order
 * @param ack             acknowledges it to the broker (PUBACK): call once, when its processing starts;
 *                        harmless if the connection it came on is gone
 */
public record Incoming(String topic, byte[] payload, int qos, boolean retained, String responseTopic,
                       byte[] correlationData, String contentType, List<Map.Entry<String, String>> userProperties,
                       Runnable ack) {

    /** Checks and copies. */
    public Incoming {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
        Objects.requireNonNull(ack, "ack");
    }

    /** The value of the first user property of that name. */
    public Optional<String> userProperty(String name) {
        return userProperties.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    /** How many user properties have that name. */
    public long userPropertyCount(String name) {
        return userProperties.stream().filter(e -> e.getKey().equals(name)).count();
    }
}
