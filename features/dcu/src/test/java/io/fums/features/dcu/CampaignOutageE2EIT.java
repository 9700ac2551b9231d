package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker is down for the whole of a 10-meter campaign, and the DCU is
 * restarted once while it is down: the meters upgrade regardless, and when
 * the broker returns every campaign event reaches the console (a persistent
 * session), none lost, duplicates only with the same event id.
 */
@Tag("CARD-2")
@Tag("UMS-3")
@Tag("ARC-2")
class CampaignOutageE2EIT extends CampaignE2E {


    /** One event as the console received it. */
    record Received(String id, String kind, JsonObject data) {
    }

    @Test
    void everyCampaignEventArrivesAfterABrokerOutageAndADcuRestartWithoutLoss() throws Exception {
        String dcuId = "DCU-E2E-OUTAGE";
        int base = MeterFleet.freePortBase(10);
        List<Received> received = new CopyOnWriteArrayList<>();
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "o", "count": 10, "tcpPortBase": %d, "link": {"baud": 19200}}],
                "meters": [{"id": "o-00004", "faults": {"failSelfCheck": true}}]
                """.formatted(base));
             ConsoleClient watcher = ConsoleClient.connect(fx.broker.tls().console().session("outage-watch", 3600))) {
            watcher.subscribe("$share/outage/fums/v1/" + dcuId + "/evt/#", (topic, m) -> {
                JsonObject o = JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject();
                JsonObject data = o.has("data") && o.get("data").isJsonObject() ? o.getAsJsonObject("data") : new JsonObject();
                received.add(new Received(o.get("id").getAsString(), topic.substring(topic.lastIndexOf('/') + 1), data));
            });
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 30, 9600);
            // the production defaults but a short longest reconnect delay: the test waits for the reconnect after
            // the outage, and the backoff's bounds are not what it proves
            Files.writeString(conf.resolve(CloudTls.CLOUD_CONFIG), "{\"reconnectMaxMillis\": " + RECONNECT_MAX.toMillis() + "}\n");
            Path data = tmp.resolve("data");
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 12 * 1024, 10));
            DcuProcess dcu = fx.start(dcuId, data, conf);
            String firmware = fx.stage(dcuId, pkg);
            fx.console("campaign", "create", dcuId, "--id", "outage", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                    "--waves", "2,rest", "--concurrency", "1", "--error-threshold", "60%");
            fx.console("campaign", "start", dcuId, "outage");
            fx.broker.stop(); // down for the whole campaign

            Conditions.await(Duration.ofMinutes(2))
                    .until(() -> fleet.meterIds().stream().filter(id -> fleet.status(id).transferStatus() > 0).count() >= 4);
            dcu.close(); // SIGTERM while the broker is down; the campaign goes on after the restart
            dcu = DcuProcess.start(fx.home, data, tmp.resolve("restart.log"),
                    List.of("--data", data.toString(), "--conf", conf.toString()),
                    fx.broker.tls().env(dcuId));
            assertThat(dcu.awaitState("up", CampaignFixture.UP)).isTrue();
            Conditions.await(Duration.ofMinutes(3))
                    .until(() -> fleet.meterIds().stream().allMatch(id -> done(fleet.status(id))));
            // the DCU journals the last results and commits their events while the broker is still down
            Conditions.await("the DCU's outbox holds every result and the completion", Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> outboxHoldsTheOutcome(data));
            fx.broker.start();

            String story = "received " + received.size() + "; DCU output:\n" + dcu.output();
            // the DCU's reconnect backoff grew while the broker was down, up to its configured longest delay
            // (reconnectMaxMillis, set above), then the outbox drains; the console's watcher reconnects too (at most
            // 10 s apart), and a loaded machine is slow at all of it: the bound is generous, the usual wait seconds
            DcuProcess running = dcu;
            try {
                Conditions.await("every result and the completion after the broker is back",
                        RECONNECT_MAX.plus(Duration.ofMinutes(3)))
                        .until(() -> results(received).size() == 10 && received.stream().anyMatch(r -> "campaign".equals(
                        r.kind()) && "COMPLETED".equals(text(r.data(), "state"))));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; received " + received.size() + " events: "
                        + results(received) + "; DCU output:\n" + running.output(), e);
            }
            Map<String, Set<String>> idsPerMeter = received.stream().filter(r -> "meter-result".equals(r.kind()))
                    .collect(Collectors.groupingBy(r -> text(r.data(), "meterId"), Collectors.mapping(Received::id, Collectors.toSet())));
            assertThat(idsPerMeter).as(story).hasSize(10);
            idsPerMeter.forEach((meter, ids) -> assertThat(ids).as(meter + ": duplicates only with the same id").hasSize(1));
            assertThat(results(received).get("o-00004")).isEqualTo("REVERTED");
            assertThat(results(received).values().stream().filter("SUCCEEDED"::equals).count()).isEqualTo(9);
            assertThat(received).as("the failed meter's alarm").anyMatch(r -> "alarm".equals(r.kind())
                    && "o-00004".equals(text(r.data(), "meterId")));
            Map<String, List<Received>> byId = received.stream().collect(Collectors.groupingBy(Received::id));
            byId.forEach((id, copies) -> assertThat(copies.stream().map(r -> r.data().toString()).distinct()).as(id).hasSize(1));
            dcu.close();
        }
    }

    /** The cloud link's longest reconnect delay in this test (reconnectMaxMillis; 120 s by default). */
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(5);

    private static Map<String, String> results(List<Received> received) {
        return received.stream().filter(r -> "meter-result".equals(r.kind()))
                .collect(Collectors.toMap(r -> text(r.data(), "meterId"), r -> text(r.data(), "state"), (a, b) -> a));
    }

    private static boolean done(MeterStatus s) {
        return "2.0.0".equals(s.runningFirmware()) ? s.upgradesSucceeded() == 1 : s.upgradeFailures() == 1;
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }

    /**
     * Whether the running DCU's outbox (its SQLite store, read beside it) holds the results of all ten meters
     * and the campaign's completion.
     */
    private static boolean outboxHoldsTheOutcome(Path data) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("fums.db"));
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT"
                     + " (SELECT count(DISTINCT event_id) FROM outbox_event WHERE kind = 'meter-result'),"
                     + " (SELECT count(*) FROM outbox_event WHERE kind = 'campaign'"
                     + "  AND CAST(payload AS TEXT) LIKE '%\"state\":\"COMPLETED\"%')")) {
            return r.next() && r.getInt(1) == 10 && r.getInt(2) >= 1;
        }
    }
}
