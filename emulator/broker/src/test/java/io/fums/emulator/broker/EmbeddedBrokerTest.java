package io.fums.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    @Test
    void mqtt5RoundTripOnLoopback() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().build().start()) {
            assertThat(broker.url()).startsWith("tcp://127.0.0.1:");
            assertThat(broker.configXml()).contains("<mode>in-memory</mode>").contains("<enabled>false</enabled>");
            BlockingQueue<String> got = new ArrayBlockingQueue<>(4);
            MqttClient sub = client(broker.url(), "sub");
            sub.subscribe(new MqttSubscription[] {new MqttSubscription("t/#", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, m) -> got.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8))});
            MqttClient pub = client(broker.url(), "pub");
            pub.publish("t/a", new MqttMessage("hello".getBytes(StandardCharsets.UTF_8), 1, false, null));
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("t/a=hello");
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void persistentBrokerKeepsRetainedMessagesAcrossARestart() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().persistent(dir.resolve("data")).build().start()) {
            MqttClient pub = client(broker.url(), "pub");
            pub.publish("state/x", new MqttMessage("kept".getBytes(StandardCharsets.UTF_8), 1, true, null));
            pub.disconnect();
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            BlockingQueue<String> got = new ArrayBlockingQueue<>(4);
            MqttClient sub = client(broker.url(), "sub");
            sub.subscribe(new MqttSubscription[] {new MqttSubscription("state/#", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8))});
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("kept");
            sub.disconnect();
        }
    }

    private static MqttClient client(String url, String id) throws Exception {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        return c;
    }
}
