package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import io.fums.emulator.broker.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6 (SEC-9): an unauthenticated crash loop. One 30 MB QoS 1
 * MQTT 5 publish to a request topic killed the DCU (-Xmx64m) with an
 * OutOfMemoryError, the broker redelivered it from the DCU's persistent
 * session at every restart, and the status file still said {@code up}. Now
 * the DCU announces a Maximum Packet Size and the broker drops such messages
 * for it; where a broker then stops delivering to the session (Mosquitto
 * 2.0.11), the DCU's session probe reconnects until the session flows again.
 * Through Mosquitto and through the embedded HiveMQ CE, one 30 MB and then
 * 24 x 10 MB publishes; the real DCU distribution stays up, says so in its
 * status file, and answers a signed deploy afterwards.
 */
@Tag("SEC-9")
@Tag("UMS-3")
class OversizedRequestE2EIT {

    private static final int MB = 1024 * 1024;
    private static final int PROBE_SECONDS = 2;
    /**
     * 10 MB messages after the 30 MB one: 3 x Mosquitto's receive maximum (8), so through Mosquitto the session
     * stalls and the probe recovers it more than once (StalledSessionIT in the console's tests covers the probe on
     * its own).
     */
    private static final int FLOOD = 24;

    @TempDir
    Path tmp;

    @Test
    void issue12item6_theDcuSurvivesOversizedRequestsThroughTheEmbeddedBroker() throws Exception {
        try (CampaignFixture fx = new CampaignFixture(tmp)) {
            survives(fx, "DCU-E2E-BIG-HIVE", FLOOD);
        }
    }

    /*
     * Mosquitto 2.0.11 runs as configured for every test (no max_packet_size: nothing hides the attack). It drops
     * each message over the DCU's Maximum Packet Size ("Dropping too large outgoing PUBLISH") without giving back
     * the receive-maximum quota, so after receiveMaximum (8) drops it delivers nothing more to the DCU. The DCU's
     * session probe notices and reconnects (the broker resumes the session with a fresh quota) until the 25
     * oversized messages are drained; the signed deploy sent after them is answered.
     */
    @Test
    void issue12item6_theDcuSurvivesOversizedRequestsThroughMosquitto() throws Exception {
        assumeTrue(MosquittoBroker.available() || System.getenv("CI") != null, "mosquitto is not installed");
        Path dir = tmp.resolve("mosquitto");
        long stalls;
        try (CampaignFixture fx = new CampaignFixture(tmp, CampaignFixture.Broker.mosquitto(dir))) {
            stalls = survives(fx, "DCU-E2E-BIG-MOSQ", FLOOD);
        }
        // read after the broker stopped: its log is buffered until then
        long drops = Files.readString(dir.resolve("mosquitto.log")).lines()
                .filter(l -> l.contains("Dropping too large outgoing PUBLISH")).count();
        System.out.printf("FIGURE oversized-requests DCU-E2E-BIG-MOSQ: Mosquitto dropped %d oversized messages%n", drops);
        assertThat(drops).as("every oversized message dropped by the broker, none delivered").isEqualTo(1 + FLOOD);
        assertThat(stalls).as("Mosquitto stalls after receive-maximum drops: the probe reconnected").isPositive();
    }

    /** Floods the DCU's request topic, then checks it answers, lives and says so; returns the probe's reconnects. */
    private long survives(CampaignFixture fx, String dcuId, int tenMbMessages) throws Exception {
        Path conf = tmp.resolve("conf");
        DcuProcess.copyTree(fx.home.resolve("conf"), conf);
        // the production defaults but a short probe interval (the test waits for the drain)
        Files.writeString(conf.resolve("config/io.fums.cloud.mqtt.json"), "{\"probeSeconds\": " + PROBE_SECONDS + "}\n");
        try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data"), conf)) {
            String topic = "fums/v1/" + dcuId + "/req/software.apply";
            long t0 = System.nanoTime();
            long t1;
            try (Attacker attacker = new Attacker(fx.broker.tls())) {
                attacker.publish(topic, new byte[30 * MB], 1);
                attacker.drain();
                t1 = System.nanoTime();
                byte[] tenMb = new byte[10 * MB];
                for (int i = 0; i < tenMbMessages; i++) {
                    attacker.publish(topic, tenMb, 1);
                }
                attacker.drain();
            }
            long t2 = System.nanoTime();
            System.out.printf("FIGURE oversized-requests %s: 30 MB published (PUBACK) in %d ms, %d x 10 MB in %d ms%n",
                    dcuId, millis(t1 - t0), tenMbMessages, millis(t2 - t1));

            assertThat(dcu.process().isAlive()).as("the DCU lives through the flood; output:\n%s", dcu.output()).isTrue();

            // A normal signed request afterwards gets its response: the DCU is alive and answering.
            String out = fx.console("deploy", fx.keys.leafFeature(tmp.resolve("sw"), "1.0.0", "leaf-v1", "").toString(),
                    "--dcu", dcuId, "--timeout", "600");
            long t3 = System.nanoTime();
            String log = dcu.output();
            long stalls = log.lines().filter(l -> l.contains("the broker delivers nothing to this session")).count();
            log.lines().filter(l -> l.contains("the broker delivers") || l.contains("connected to") || l.contains("reconnecting"))
                    .forEach(l -> System.out.println("DCU " + dcuId + ": " + l));
            System.out.printf("FIGURE oversized-requests %s: signed deploy answered %d ms after the flood; "
                    + "%d probe reconnects%n", dcuId, millis(t3 - t2), stalls);
            assertThat(out).as("%s\nDCU output:\n%s", out, log).contains(" ok ");
            JsonObject state = fx.client.fleetState(Duration.ofSeconds(1)).get(dcuId);
            assertThat(state.get("online").getAsBoolean()).isTrue();
            assertThat(dcu.process().isAlive()).as(log).isTrue();
            Properties status = dcu.status();
            assertThat(status.getProperty("state")).isEqualTo("up");
            assertThat(status.getProperty("pid")).isEqualTo(Long.toString(dcu.process().pid()));
            assertThat(log).as("the oversized messages never reached the DCU")
                    .doesNotContain("OutOfMemoryError").doesNotContainPattern("connection to \\S+ lost");
            return stalls;
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * An MQTT 5 client with no packet size limit of its own: what an attacker runs. The broker admits TLS
     * clients with a certificate of its CA only, so the attacker holds one (CN "attacker": a stolen or
     * insider certificate); the DCU's own limits are what is tested. Publishes
     * asynchronously with as many QoS 1 messages in flight as the broker allows (its receive maximum).
     */
    private static final class Attacker implements AutoCloseable {
        private final MqttAsyncClient client;
        private final Semaphore window;
        private final int size;
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();

        Attacker(CloudTls tls) throws Exception {
            client = new MqttAsyncClient(tls.url(), "attacker-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setSocketFactory(tls.clientContext("attacker").getSocketFactory());
            o.setCleanStart(true);
            o.setConnectionTimeout(30);
            IMqttToken t = client.connect(o);
            t.waitForCompletion(30_000);
            Integer rm = t.getResponseProperties() == null ? null : t.getResponseProperties().getReceiveMaximum();
            size = rm == null ? 10 : Math.min(rm, 32);
            window = new Semaphore(size);
        }

        void publish(String topic, byte[] payload, int qos) throws Exception {
            assertThat(window.tryAcquire(120, TimeUnit.SECONDS)).as("the broker acknowledges within 120 s").isTrue();
            MqttProperties p = new MqttProperties();
            p.setResponseTopic("attacker/res");
            client.publish(topic, new MqttMessage(payload, qos, false, p), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null) {
                        for (int c : codes) {
                            if (c >= 0x80) {
                                failures.add(new AssertionError("PUBACK reason code 0x" + Integer.toHexString(c)));
                            }
                        }
                    }
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failures.add(e);
                    window.release();
                }
            });
        }

        /** Waits until every publish is acknowledged; asserts none was refused. */
        void drain() throws Exception {
            assertThat(window.tryAcquire(size, 300, TimeUnit.SECONDS)).as("all publishes acknowledged").isTrue();
            window.release(size);
            assertThat(failures).as("the broker accepted every publish").isEmpty();
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }
}
