package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.cloud.mqtt.CloudEvent;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.emulator.console.fleet.FleetEvents;
import io.fums.emulator.console.fleet.FleetStore;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two console workers in one shared subscription group ({@code $share/<group>/fums/v1/+/evt/...}) on the embedded
 * broker over TLS split the meter results that three real DCU cloud links publish (signed, through their outboxes),
 * with some results published twice (as a DCU does after a restart): every result is in the shared store exactly once,
 * each worker took a share, and the duplicates were recognised.
 *
 * <p>Proves: ARC-3, UMS-3 (every result reaches the console exactly once), CARD-2.
 */
class FleetWorkersIT {

    private static final int DCUS = 3;
    private static final int METERS = 40;
    private static final int AGAIN = 10;

    @Test
    void twoWorkersOfOneGroupSplitTheEventsWithoutLossOrDoubleCount(@TempDir Path tmp) throws Exception {
        BrokerPki pki = BrokerPki.create(tmp.resolve("pki"));
        Fixtures fx = new Fixtures();
        List<InProcessDcu> dcus = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.builder().tls(pki).build().start();
             FleetStore store = FleetStore.open(tmp.resolve("store"), Clock.systemUTC());
             ConsoleClient c1 = ConsoleClient.connect(console(broker, pki));
             ConsoleClient c2 = ConsoleClient.connect(console(broker, pki));
             FleetEvents w1 = FleetEvents.start(c1, store, "w1", "fleet-it");
             FleetEvents w2 = FleetEvents.start(c2, store, "w2", "fleet-it")) {
            for (int d = 1; d <= DCUS; d++) {
                String id = "DCU-W" + d;
                BrokerPki.ClientFiles cert = pki.client(id);
                InProcessDcu dcu = new InProcessDcu(id, tmp.resolve(id), fx, broker.tlsUrl())
                        .with("caFile", pki.caPem().toString()).with("clientCertFile", cert.cert().toString())
                        .with("clientKeyFile", cert.key().toString()).start();
                dcus.add(dcu);
                dcu.awaitConnected(Duration.ofSeconds(30));
            }
            long t0 = System.nanoTime();
            for (InProcessDcu dcu : dcus) {
                for (int m = 1; m <= METERS; m++) {
                    dcu.link.publishAsync(result(dcu.id, m, "")).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                for (int m = 1; m <= AGAIN; m++) {
                    // the same result again (its DCU restarted before it marked it reported; the outbox keeps one
                    // message per event id, so this one has an id of its own)
                    dcu.link.publishAsync(result(dcu.id, m, "-again")).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            }
            int expected = DCUS * METERS;
            Conditions.await("every event taken in", Duration.ofSeconds(60))
                    .until(() -> w1.received() + w2.received() == (long) DCUS * (METERS + AGAIN));
            System.out.printf("fleet workers: %d events in %d ms: w1 %d events %d new, w2 %d events %d new%n",
                    w1.received() + w2.received(), (System.nanoTime() - t0) / 1_000_000, w1.received(), w1.recorded(),
                    w2.received(), w2.recorded());
            assertThat(store.results("r-it", null)).as("every result once").hasSize(expected);
            assertThat(w1.recorded() + w2.recorded()).isEqualTo(expected);
            assertThat(w1.received()).as("w1 took a share").isPositive().isLessThan((long) DCUS * (METERS + AGAIN));
            assertThat(w2.received()).as("w2 took a share").isPositive();
            long duplicates = store.workers().stream().mapToLong(FleetStore.WorkerStats::duplicates).sum();
            assertThat(duplicates).as("the results sent again were recognised").isEqualTo((long) DCUS * AGAIN);
            assertThat(store.counts("r-it").values()).allSatisfy(c -> assertThat(c.total()).isEqualTo(METERS));
        } finally {
            dcus.forEach(InProcessDcu::close);
        }
    }

    private static CloudEvent result(String dcu, int meter, String suffix) {
        String meterId = String.format("m-%05d", meter);
        return CloudEvent.builder("meter-result").id("mr-" + dcu + "-" + meterId + suffix).data("campaign", "fleet-r-it")
                .data("meterId", meterId).data("state", meter % 7 == 0 ? "REVERTED" : "SUCCEEDED")
                .data("errorCode", meter % 7 == 0 ? "METER_SELF_CHECK_FAILED" : null).build();
    }

    private static ConnectionOptions console(EmbeddedBroker broker, BrokerPki pki) {
        BrokerPki.ClientFiles console = pki.console();
        return ConnectionOptions.of(broker.tlsUrl()).tls(pki.caPem(), console.cert(), console.key());
    }
}
