package io.fums.cloud.mqtt.client;

import io.fums.api.device.DeviceId;
import java.util.regex.Pattern;

/** The topic names of docs/mqtt-api.md. */
public final class Topics {

    /** The API's topic prefix and version. */
    public static final String PREFIX = "fums/v1";
    /** Operation names: one topic level. */
    public static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    /** The user property that carries the operator's signed command envelope. */
    public static final String SIGNATURE_PROPERTY = "fums-signature";
    /** The user property that carries an event's id. */
    public static final String EVENT_ID_PROPERTY = "fums-event-id";
    /** The content type of every payload. */
    public static final String JSON = "application/json";

    private Topics() {
    }

    /** {@code fums/v1/{dcuId}}. */
    public static String root(DeviceId dcu) {
        return PREFIX + "/" + dcu.value();
    }

    /** The retained state (birth and will) topic. */
    public static String state(DeviceId dcu) {
        return root(dcu) + "/state";
    }

    /** The subscription of all requests to this DCU. */
    public static String requestFilter(DeviceId dcu) {
        return root(dcu) + "/req/+";
    }

    /** A request topic. */
    public static String request(DeviceId dcu, String operation) {
        return root(dcu) + "/req/" + operation;
    }

    /**
     * The session probe topic: the DCU publishes there and subscribes to it itself, to see that the broker
     * still delivers to its session (no one else has anything to publish there).
     */
    public static String probe(DeviceId dcu) {
        return root(dcu) + "/probe";
    }

    /** An event topic. */
    public static String event(DeviceId dcu, String kind) {
        return root(dcu) + "/evt/" + kind;
    }

    /**
     * True for a topic inside this DCU's own tree ({@code fums/v1/{dcuId}} and everything below it):
     * the DCU publishes there only its own state, events and nothing a requester chooses.
     */
    public static boolean isOwn(DeviceId dcu, String topic) {
        String root = root(dcu);
        return topic != null && (topic.equals(root) || topic.startsWith(root + "/"));
    }

    /**
     * The operation of a request topic, or null if the topic is not one of this DCU's request topics.
     * The operation is returned as it is, valid or not.
     */
    public static String operationOf(DeviceId dcu, String topic) {
        String prefix = root(dcu) + "/req/";
        if (topic == null || !topic.startsWith(prefix)) {
            return null;
        }
        return topic.substring(prefix.length());
    }
}
