package io.fums.cloud.mqtt.internal;

import io.fums.cloud.mqtt.client.Topics;
import io.fums.crypto.DeviceSigner;
import io.fums.crypto.MessageSignatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The translation between our messages and Paho's, and Paho's callback for one client. */
final class PahoSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PahoSupport.class);

    private PahoSupport() {
    }

    /** MQTT 5 properties of an outgoing message: JSON content type, UTF-8 payload, correlation, user properties. */
    static MqttProperties properties(Outgoing m, DeviceSigner signer) {
        MqttProperties p = new MqttProperties();
        p.setContentType(Topics.JSON);
        p.setPayloadFormat(true);
        if (m.correlationData() != null) {
            p.setCorrelationData(m.correlationData());
        }
        List<UserProperty> ups = new ArrayList<>();
        for (Map.Entry<String, String> e : m.userProperties()) {
            ups.add(new UserProperty(e.getKey(), e.getValue()));
        }
        ups.add(new UserProperty(MessageSignatures.KEY_PROPERTY, signer.keyId()));
        ups.add(new UserProperty(MessageSignatures.SIG_PROPERTY, MessageSignatures.sign(signer, m.topic(), m.payload())));
        p.setUserProperties(ups);
        return p;
    }

    /** Disconnects (normally if possible) and releases a client's threads; never throws. */
    static void closeQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                c.disconnectForcibly(0, 500, false);
            } catch (MqttException | RuntimeException ignored) {
                // the connection is gone either way
            }
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // nothing left to release
        }
    }

    /** A one-line description with the root cause. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e ? s : s + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** Paho's callback for one client: connection loss and arriving messages (acknowledged manually). */
    static final class Callback implements MqttCallback {
        private final MqttAsyncClient client;
        private final Consumer<Throwable> onLost;
        private final Consumer<Incoming> onMessage;
        private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

        Callback(MqttAsyncClient client, Consumer<Throwable> onLost, Consumer<Incoming> onMessage) {
            this.client = client;
            this.onLost = onLost;
            this.onMessage = onMessage;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            onLost.accept(response.getException() != null ? response.getException()
                    : new MqttException(response.getReturnCode()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            List<Map.Entry<String, String>> ups = new ArrayList<>();
            if (p != null && p.getUserProperties() != null) {
                for (UserProperty up : p.getUserProperties()) {
                    ups.add(Map.entry(up.getKey(), up.getValue()));
                }
            }
            int id = message.getId();
            int qos = message.getQos();
            java.util.concurrent.atomic.AtomicBoolean acked = new java.util.concurrent.atomic.AtomicBoolean();
            if (qos > 0) {
                held.incrementAndGet();
            }
            Runnable ack = () -> {
                if (qos > 0 && acked.compareAndSet(false, true)) {
                    held.decrementAndGet();
                    try {
                        client.messageArrivedComplete(id, qos);
                    } catch (MqttException | RuntimeException e) {
                        LOG.debug("ack of message {} not sent: {}", id, describe(e));
                    }
                }
            };
            onMessage.accept(new Incoming(topic, message.getPayload(), qos, message.isRetained(),
                    p == null ? null : p.getResponseTopic(), p == null ? null : p.getCorrelationData(),
                    p == null ? null : p.getContentType(), ups, ack));
        }

        /** QoS 1 and 2 messages handed on and not yet acknowledged (they count against the receive maximum). */
        int held() {
            return held.get();
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // completions are reported through each publish's own listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the session's own loop handles connects
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
