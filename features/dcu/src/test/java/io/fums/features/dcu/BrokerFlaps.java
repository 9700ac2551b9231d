package io.fums.features.dcu;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.emulator.console.ConsoleClient;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Broker flapping in the fault soak (issue 16): the broker is stopped and
 * started again while a campaign runs, and the DCU's reconnect is judged from
 * the retained birth it publishes ({@code "online": true} with the DCU's
 * {@code time}, written when its connection completes), read by a fresh
 * client right after the broker is back (the console's own clients have
 * their own reconnect delays, which are not under test).
 *
 * <p>The bound comes from the documented backoff (docs/cloud-link.md): the
 * n-th delay after a loss is uniform in [cap/2, cap], the cap doubling from
 * {@code reconnectMinMillis} to {@code reconnectMaxMillis}. The delays spent
 * before the broker is back add up to at least (cap - min)/2 of the delay in
 * progress then, so the DCU is back within min(max, 2 x outage + min) of the
 * broker's return, plus its TLS handshake and birth (the slack). A DCU that
 * waits longer (a backoff that grew without bound, a reconnect loop that
 * gave up) is a violation.
 */
final class BrokerFlaps {

    /** The DCU's reconnect delays in the soak: the production defaults (docs/cloud-link.md). */
    static final Duration RECONNECT_MIN = Duration.ofMillis(1000);
    static final Duration RECONNECT_MAX = Duration.ofMillis(120_000);
    /** TLS handshake, session resumption and the birth's publication on a loaded machine. */
    static final Duration SLACK = Duration.ofSeconds(5);

    private final CampaignFixture fx;
    private final String dcu;
    private final Random random;
    private final List<String> violations;
    private final List<Long> reconnectMillis = new ArrayList<>();
    private int count;

    BrokerFlaps(CampaignFixture fx, String dcu, Random random, List<String> violations) {
        this.fx = fx;
        this.dcu = dcu;
        this.random = random;
        this.violations = violations;
    }

    /**
     * One flap: the broker stops, stays down 0.2 to 1.7 s, starts again; then waits for the DCU's birth, at most
     * its backoff's bound (a violation past it).
     */
    void flap() throws Exception {
        Instant down = Instant.now();
        fx.broker.stop();
        count++;
        Thread.sleep(200 + random.nextInt(1500)); // the outage's length: the fault under test, not a wait for a condition
        fx.broker.start();
        Instant up = Instant.now();
        // the soak's own console client reconnects by itself (Paho, 1 s doubling to 10 s): the soak's next command
        // (a power cut admits one) waits for it; its delays are the console's, not the DCU's, and are not judged
        Conditions.await("the soak's console client is back after broker restart " + count, Duration.ofSeconds(60))
                .until(fx.client::isConnected);
        Duration limit = bound(Duration.between(down, up));
        ConcurrentSkipListSet<Instant> births = new ConcurrentSkipListSet<>();
        try (ConsoleClient probe = ConsoleClient.connect(fx.broker.tls().console())) {
            probe.subscribe("fums/v1/" + dcu + "/state", (topic, m) -> {
                JsonObject s = JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject();
                if (s.has("online") && s.get("online").getAsBoolean() && s.has("time")) {
                    births.add(Instant.parse(s.get("time").getAsString()));
                }
            });
            boolean back = Conditions.within(limit, Duration.ofMillis(50),
                    () -> births.ceiling(down) != null);
            if (!back) {
                violations.add("broker flap " + count + " at " + down + ": the DCU was not back within " + limit.toMillis()
                        + " ms of the broker's return, its backoff's bound");
                return;
            }
        }
        long ms = Math.max(0, Duration.between(up, births.ceiling(down)).toMillis());
        reconnectMillis.add(ms);
        if (ms > limit.toMillis()) {
            violations.add("broker flap " + count + " at " + down + ": the DCU reconnected " + ms + " ms after the broker"
                    + " was back, beyond its backoff's bound of " + limit.toMillis() + " ms");
        }
    }

    /** Broker restarts so far. */
    int count() {
        return count;
    }

    /** The longest time the DCU may take to reconnect after the broker is back from an outage of {@code outage}. */
    static Duration bound(Duration outage) {
        Duration cap = outage.multipliedBy(2).plus(RECONNECT_MIN);
        return (cap.compareTo(RECONNECT_MAX) > 0 ? RECONNECT_MAX : cap).plus(SLACK);
    }

    /** The reconnect times measured. */
    String summary() {
        LongSummaryStatistics st = reconnectMillis.stream().mapToLong(Long::longValue).summaryStatistics();
        return String.format("%d broker restarts: the DCU back %d ms after the broker on average, %d ms at worst"
                + " (bound: 2 x outage + %d ms + %d s slack)", count, st.getCount() == 0 ? 0 : (long) st.getAverage(),
                st.getCount() == 0 ? 0 : st.getMax(), RECONNECT_MIN.toMillis(), SLACK.toSeconds());
    }
}
