package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.TlsContexts;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.emulator.console.fleet.FleetEvents;
import io.fums.emulator.console.fleet.FleetStore;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two console workers in one shared subscription group ({@code $share/<group>/fums/v1/+/evt/...}) on the embedded
 * broker over TLS split the meter-result events of three DCUs (each with its DCU client certificate), published
 * at once as a busy fleet does, some results twice (as a DCU does after a restart); half way the worker that took
 * more goes away (stopped, or died) and the other takes the rest: every result is in the shared store exactly once,
 * each worker took a share, no event reached both, and the results sent again were recognised as duplicates.
 * (HiveMQ gives a group's message to a member with room; a member that keeps up may take them all, so the test
 * makes the split certain by stopping one.)
 *
 * <p>Proves: ARC-3, UMS-3 (every result reaches the console exactly once), CARD-2.
 */
class FleetWorkersIT {

    private static final int DCUS = 3;
    private static final int METERS = 100;
    private static final int AGAIN = 10;

    @Test
    void twoWorkersOfOneGroupSplitTheEventsWithoutLossOrDoubleCount(@TempDir Path tmp) throws Exception {
        BrokerPki pki = BrokerPki.create(tmp.resolve("pki"));
        List<MqttAsyncClient> dcus = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.builder().tls(pki).build().start();
             FleetStore store = FleetStore.open(tmp.resolve("store"), Clock.systemUTC());
             ConsoleClient c1 = ConsoleClient.connect(console(broker, pki));
             ConsoleClient c2 = ConsoleClient.connect(console(broker, pki));
             FleetEvents w1 = FleetEvents.start(c1, store, "w1", "fleet-it");
             FleetEvents w2 = FleetEvents.start(c2, store, "w2", "fleet-it")) {
            for (int d = 1; d <= DCUS; d++) {
                dcus.add(connect(broker, pki, "DCU-W" + d));
            }
            long t0 = System.nanoTime();
            // the first half while both workers take events; then the busier one goes away (as a worker process
            // that is stopped or dies) and the other takes the second half: each took a share, none is lost
            publish(dcus, 1, METERS / 2, "");
            long half = (long) DCUS * (METERS / 2);
            Conditions.await("the first half taken in", Duration.ofSeconds(60))
                    .until(() -> w1.received() + w2.received() == half);
            boolean firstIsBusier = w1.received() >= w2.received();
            long w1First = w1.received();
            long w2First = w2.received();
            (firstIsBusier ? c1 : c2).close();
            publish(dcus, METERS / 2 + 1, METERS, "");
            publish(dcus, 1, AGAIN, "-again");
            long all = (long) DCUS * (METERS + AGAIN);
            int expected = DCUS * METERS;
            Conditions.await("every event taken in", Duration.ofSeconds(90))
                    .until(() -> w1.received() + w2.received() == all);
            System.out.printf("fleet workers: %d events in %d ms; while both ran w1 took %d and w2 %d; in all w1 %d "
                    + "events %d new, w2 %d events %d new%n", all, (System.nanoTime() - t0) / 1_000_000, w1First,
                    w2First, w1.received(), w1.recorded(), w2.received(), w2.recorded());
            assertThat(store.results("r-it", null)).as("every result once").hasSize(expected);
            assertThat(w1.recorded() + w2.recorded()).isEqualTo(expected);
            assertThat(w1.received()).as("w1 took a share").isPositive().isLessThan(all);
            assertThat(w2.received()).as("w2 took a share").isPositive().isLessThan(all);
            assertThat(w1.received() + w2.received()).as("no event twice").isEqualTo(all);
            long duplicates = store.workers().stream().mapToLong(FleetStore.WorkerStats::duplicates).sum();
            assertThat(duplicates).as("the results sent again were recognised").isEqualTo((long) DCUS * AGAIN);
            assertThat(store.counts("r-it").values()).allSatisfy(c -> assertThat(c.total()).isEqualTo(METERS));
        } finally {
            for (MqttAsyncClient c : dcus) {
                try {
                    c.disconnect().waitForCompletion(5_000);
                } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                    // already disconnected
                }
                c.close(true);
            }
        }
    }

    /**
     * Each DCU publishes the results of meters {@code from..to} at once; {@code suffix} "-again": the same results
     * again under ids of their own (a DCU that restarted before it marked them reported).
     */
    private static void publish(List<MqttAsyncClient> dcus, int from, int to, String suffix) throws Exception {
        List<IMqttToken> sent = new ArrayList<>();
        for (int m = from; m <= to; m++) {
            for (int d = 0; d < dcus.size(); d++) {
                sent.add(publish(dcus.get(d), "DCU-W" + (d + 1), m, suffix));
            }
        }
        for (IMqttToken t : sent) {
            t.waitForCompletion(60_000);
        }
    }

    private static MqttAsyncClient connect(EmbeddedBroker broker, BrokerPki pki, String dcu) throws Exception {
        BrokerPki.ClientFiles cert = pki.client(dcu);
        MqttAsyncClient c = new MqttAsyncClient(broker.tlsUrl(), "fums-dcu-" + dcu, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(TlsContexts.context(pki.caPem(), cert.cert(), cert.key()).getSocketFactory());
        o.setMaxReconnectDelay(1000);
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    private static IMqttToken publish(MqttAsyncClient c, String dcu, int meter, String suffix) throws Exception {
        String meterId = String.format("m-%05d", meter);
        JsonObject data = new JsonObject();
        data.addProperty("campaign", "fleet-r-it");
        data.addProperty("meterId", meterId);
        data.addProperty("state", meter % 7 == 0 ? "REVERTED" : "SUCCEEDED");
        data.addProperty("errorCode", meter % 7 == 0 ? "METER_SELF_CHECK_FAILED" : null);
        JsonObject event = new JsonObject();
        event.addProperty("id", "mr-" + dcu + "-" + meterId + suffix);
        event.addProperty("kind", "meter-result");
        event.addProperty("dcuId", dcu);
        event.addProperty("time", "2026-03-01T12:00:00Z");
        event.add("data", data);
        MqttMessage m = new MqttMessage(event.toString().getBytes(StandardCharsets.UTF_8), 1, false, null);
        while (true) {
            try {
                return c.publish("fums/v1/" + dcu + "/evt/meter-result", m);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                if (e.getReasonCode() != 32202) { // Paho: too many publishes in flight
                    throw e;
                }
                Conditions.await("room to publish", Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> c.getPendingTokens().length < 10);
            }
        }
    }

    private static ConnectionOptions console(EmbeddedBroker broker, BrokerPki pki) {
        BrokerPki.ClientFiles console = pki.console();
        return ConnectionOptions.of(broker.tlsUrl()).tls(pki.caPem(), console.cert(), console.key()).receiveMaximum(16);
    }
}
