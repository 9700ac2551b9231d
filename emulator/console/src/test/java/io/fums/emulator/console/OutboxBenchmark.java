package io.fums.emulator.console;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.standalone.CloudLinks;
import io.fums.cloud.mqtt.standalone.StandaloneCloudLink;
import io.fums.crypto.VerifiedCommand;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.security.CommandGuard;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test) of the DCU's event outbox on a local broker, every
 * event committed to SQLite (WAL, synchronous=FULL) before it is published:
 * <ol>
 * <li>sustained rate: producer threads publish for a while; the rate of
 *     events made durable and the rate of events acknowledged (PUBACK) by
 *     the broker and deleted;</li>
 * <li>drain rate: a backlog of events committed while the broker is down is
 *     delivered after it comes back (from the moment the link is up).</li>
 * </ol>
 * Run: {@code emulator/console/bench-outbox.sh [seconds] [producers] [backlog]}.
 */
public final class OutboxBenchmark {

    private OutboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int producers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path dir = Files.createTempDirectory("fums-outbox-bench");
        BrokerPki pki = BrokerPki.create(dir.resolve("pki"));
        BrokerPki.ClientFiles dcu = pki.client("DCU-BENCH");
        try (EmbeddedBroker broker = EmbeddedBroker.builder().tls(pki).build().start()) {
            ClosableDatabase db = Stores.openDatabase(dir);
            StandaloneCloudLink link = CloudLinks.builder(Map.of("dcuId", "DCU-BENCH",
                    "brokerUrl", broker.tlsUrl(), "caFile", pki.caPem().toString(), "clientCertFile",
                    dcu.cert().toString(), "clientKeyFile", dcu.key().toString(), "reconnectMinMillis", 100L,
                    "reconnectMaxMillis", 500L), dir).database(db).guard(new NoCommands()).clock(Clock.systemUTC()).build();
            link.start();
            Conditions.await("connected", Duration.ofSeconds(30)).until(link::isConnected);
            System.out.printf("outbox benchmark: SQLite %s (WAL, synchronous=FULL), broker %s (HiveMQ CE embedded)%n",
                    db.file(), broker.tlsUrl() + ", TLS with a client certificate");

            run(link, 1, 3, "warm-up");
            drain(link);
            run(link, 1, seconds, "1 producer");
            drain(link);
            run(link, producers, seconds, producers + " producers");
            drain(link);

            broker.stop();
            long t0 = System.nanoTime();
            List<Thread> fill = new ArrayList<>();
            AtomicLong n = new AtomicLong();
            for (int p = 0; p < producers; p++) {
                Thread t = new Thread(() -> {
                    while (n.incrementAndGet() <= backlog) {
                        publish(link, n.get());
                    }
                });
                fill.add(t);
                t.start();
            }
            for (Thread t : fill) {
                t.join();
            }
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("backlog: %,d events committed with the broker down in %.2f s (%,.0f events/s)%n",
                    link.pendingEvents(), fillSeconds, link.pendingEvents() / fillSeconds);
            long pending = link.pendingEvents();
            broker.start();
            Conditions.await("connected", Duration.ofSeconds(30)).until(link::isConnected);
            long d0 = System.nanoTime();
            drain(link);
            double drainSeconds = (System.nanoTime() - d0) / 1e9;
            System.out.printf("drain:   %,d events delivered and acknowledged in %.2f s after reconnect: %,.0f events/s%n",
                    pending, drainSeconds, pending / drainSeconds);
            System.out.println(String.format(java.util.Locale.ROOT, "FIGURE {\"figure\": \"outbox.drain\", \"value\": %.0f,"
                    + " \"unit\": \"events/s\", \"target\": \"-\", \"reference\": \"backlog of %d events\", \"referenceValue\": %d,"
                    + " \"met\": null}", pending / drainSeconds, pending, pending));
            link.close();
            db.close();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void run(StandaloneCloudLink link, int producers, int seconds, String label) throws Exception {
        AtomicLong count = new AtomicLong();
        long pendingBefore = link.pendingEvents();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    publish(link, count.incrementAndGet());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long acked = count.get() + pendingBefore - link.pendingEvents();
        if (!label.equals("warm-up")) {
            System.out.printf("sustained, %-12s: %,d events durable in %.1f s = %,.0f events/s; acknowledged by the "
                    + "broker meanwhile %,.0f events/s%n", label, count.get(), s, count.get() / s, acked / s);
            System.out.println(String.format(java.util.Locale.ROOT, "FIGURE {\"figure\": \"outbox.sustained-%d\", \"value\": %.0f,"
                    + " \"unit\": \"events/s\", \"target\": \">= 1000 events/s\", \"reference\": \"-\", \"referenceValue\": null,"
                    + " \"met\": %b}", producers, count.get() / s, count.get() / s >= 1000));
        }
    }

    /** Waits until the broker acknowledged every event, polling often: the drain time is a figure. */
    private static void drain(StandaloneCloudLink link) {
        Conditions.await("the outbox drained", Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> link.pendingEvents() == 0);
    }

    private static void publish(StandaloneCloudLink link, long i) {
        try {
            link.publish(CloudEvent.builder("meter.result").data("meter", "MTR-" + (i % 500)).data("seq", i)
                    .data("result", "SUCCEEDED").data("firmware", "2.5.0").build());
        } catch (FumsException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The benchmark sends no requests. */
    private static final class NoCommands implements CommandGuard {
        @Override
        public DeviceId dcuId() {
            return DeviceId.of("DCU-BENCH");
        }

        @Override
        public VerifiedCommand admit(byte[] envelope, String expectedOperation, String channel, RequestCheck check)
                throws FumsException {
            throw new FumsException(io.fums.api.error.ErrorCode.CMD_UNSIGNED, "no commands in the benchmark");
        }

        @Override
        public FumsException refuse(FumsException why, String operation, String channel) {
            return why;
        }
    }
}
