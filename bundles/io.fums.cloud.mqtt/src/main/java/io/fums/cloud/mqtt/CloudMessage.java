package io.fums.cloud.mqtt;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message delivered to a {@link CloudSubscriber}.
 *
 * @param topic          the full MQTT topic
 * @param relativeTopic  the topic below {@code fums/v1/{dcuId}/}
 * @param payload        the payload bytes (a copy owned by the receiver)
 * @param contentType    the MQTT 5 content type, or null
 * @param userProperties the MQTT 5 user properties in order (a name may repeat)
 * @param retained       true if the broker delivered a retained message
 */
public record CloudMessage(String topic, String relativeTopic, byte[] payload, String contentType,
                           List<Map.Entry<String, String>> userProperties, boolean retained) {

    /** Rejects null components (except the content type) and copies the lists. */
    public CloudMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(relativeTopic, "relativeTopic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
    }
}
