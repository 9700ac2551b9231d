package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The campaign watcher's logic over a scripted link: dedup, filtering, end detection, polls, grace, durations. */
class CampaignWatcherTest {

    private final ScriptedLink link = new ScriptedLink();

    @Test
    void subscribesSharedFiltersAndFollowsTheCampaignToItsEnd() throws Exception {
        link.status = status("RUNNING", "{\"m-1\":\"TRANSFERRING\",\"m-2\":\"PENDING\"}");
        List<String> progress = new CopyOnWriteArrayList<>();
        try (CampaignWatcher w = CampaignWatcher.watch(link, "DCU-1", "fw-2").group("ops")
                .listener(new CampaignWatcher.Listener() {
                    @Override
                    public void progress(JsonObject summary) {
                        progress.add(CampaignTables.progressLine(summary));
                    }
                }).start()) {
            assertThat(link.subscriptions.keySet()).containsExactlyInAnyOrder("$share/ops/fums/v1/DCU-1/evt/campaign",
                    "$share/ops/fums/v1/DCU-1/evt/meter-result", "$share/ops/fums/v1/DCU-1/evt/alarm");
            link.event("campaign", "p1", "{\"campaign\":\"fw-2\",\"state\":\"RUNNING\",\"done\":1,\"total\":2,"
                    + "\"counts\":{\"TRANSFERRING\":1,\"SUCCEEDED\":1}}");
            link.event("meter-result", "r1", result("fw-2", "m-1", "SUCCEEDED", null));
            link.event("meter-result", "r1", result("fw-2", "m-1", "SUCCEEDED", null));
            link.event("meter-result", "rx", result("other", "m-9", "SUCCEEDED", null));
            link.event("alarm", "a1", "{\"source\":\"meter\",\"campaign\":null,\"meterId\":\"m-2\",\"code\":\"FIRMWARE_CHANGED\","
                    + "\"message\":\"x\"}");
            link.event("alarm", "a2", "{\"source\":\"meter\",\"campaign\":null,\"meterId\":\"m-9\",\"code\":\"FIRMWARE_CHANGED\","
                    + "\"message\":\"not ours\"}");
            link.event("alarm", "a3", "{\"source\":\"campaign\",\"campaign\":\"fw-2\",\"meterId\":\"m-2\","
                    + "\"code\":\"METER_SELF_CHECK_FAILED\",\"message\":\"failed upgrade process\"}");
            link.event("meter-result", "r2", result("fw-2", "m-2", "REVERTED", "METER_SELF_CHECK_FAILED"));
            link.status = status("COMPLETED", "{\"m-1\":\"SUCCEEDED\",\"m-2\":\"REVERTED\"}");
            link.event("campaign", "p2", "{\"campaign\":\"fw-2\",\"state\":\"COMPLETED\",\"done\":2,\"total\":2,"
                    + "\"counts\":{\"SUCCEEDED\":1,\"REVERTED\":1}}");
            link.event("campaign", "p2", "{\"campaign\":\"fw-2\",\"state\":\"COMPLETED\",\"done\":2,\"total\":2}");

            CampaignWatcher.Outcome o = w.await(Duration.ofSeconds(5));
            assertThat(o.completed()).isTrue();
            assertThat(o.meterResults()).extracting(CampaignWatcher.Event::id).containsExactly("r1", "r2");
            assertThat(o.meterResults().get(1).text("errorCode")).isEqualTo("METER_SELF_CHECK_FAILED");
            assertThat(o.alarms()).extracting(CampaignWatcher.Event::id).containsExactly("a1", "a3");
            assertThat(o.duplicates()).isEqualTo(2);
            assertThat(o.meters()).hasSize(2);
            assertThat(progress).containsExactly("fw-2  RUNNING  0/2 done  TRANSFERRING=1 PENDING=1",
                    "fw-2  RUNNING  1/2 done  TRANSFERRING=1 SUCCEEDED=1", "fw-2  COMPLETED  2/2 done  SUCCEEDED=1 REVERTED=1");
        }
        assertThat(link.subscriptions).as("closed: unsubscribed").isEmpty();
    }

    @Test
    void aPausedCampaignEndsTheWatchAndMissingResultsAreWaitedForOnlyBriefly() throws Exception {
        link.status = status("RUNNING", "{\"m-1\":\"TRANSFERRING\"}");
        try (CampaignWatcher w = CampaignWatcher.watch(link, "DCU-1", "fw-2").resultGrace(Duration.ofMillis(200)).start()) {
            link.status = status("PAUSED", "{\"m-1\":\"REVERTED\"}");
            link.event("campaign", "p1", "{\"campaign\":\"fw-2\",\"state\":\"PAUSED\",\"done\":1,\"total\":1,"
                    + "\"reason\":\"error threshold\"}");
            long t0 = System.nanoTime();
            CampaignWatcher.Outcome o = w.await(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(o.completed()).isFalse();
            assertThat(o.state()).isEqualTo("PAUSED");
            assertThat(o.meterResults()).isEmpty();
        }
    }

    @Test
    void withoutEventsThePollsSeeTheEnd() throws Exception {
        link.status = status("RUNNING", "{\"m-1\":\"TRANSFERRING\"}");
        try (CampaignWatcher w = CampaignWatcher.watch(link, "DCU-1", "fw-2").pollInterval(Duration.ofMillis(50))
                .resultGrace(Duration.ZERO).start()) {
            link.status = status("CANCELLED", "{\"m-1\":\"CANCELLED\"}");
            CampaignWatcher.Outcome o = w.await(Duration.ofSeconds(5));
            assertThat(o.state()).isEqualTo("CANCELLED");
            assertThat(link.requests.stream().filter(r -> r.equals("campaign.status")).count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aCampaignThatDoesNotStopInTimeIsATimeoutAndAnUnknownOneARefusal() throws Exception {
        link.status = status("RUNNING", "{\"m-1\":\"TRANSFERRING\"}");
        try (CampaignWatcher w = CampaignWatcher.watch(link, "DCU-1", "fw-2").start()) {
            assertThatThrownBy(() -> w.await(Duration.ofMillis(100))).isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("still RUNNING").extracting(e -> ((ConsoleException) e).exitCode()).isEqualTo(3);
        }
        link.status = null;
        assertThatThrownBy(() -> CampaignWatcher.watch(link, "DCU-1", "nope").start()).isInstanceOf(ConsoleException.class)
                .hasMessageContaining("no campaign nope").extracting(e -> ((ConsoleException) e).exitCode()).isEqualTo(1);
        assertThat(link.subscriptions).as("a failed start unsubscribes").isEmpty();
    }

    @Test
    void anEndedCampaignIsReportedAtOnceWithTheDurationsFromTheHistories() throws Exception {
        link.status = status("COMPLETED", "{\"m-1\":\"SUCCEEDED\",\"m-2\":\"SUCCEEDED\"}");
        link.history = meter -> meter.equals("m-1") ? "{\"campaign\":\"fw-2\",\"meterId\":\"m-1\",\"transitions\":["
                + "{\"from\":\"PENDING\",\"to\":\"INITIATED\",\"at\":\"2026-03-01T12:00:00Z\"},"
                + "{\"from\":\"SELF_TEST\",\"to\":\"SUCCEEDED\",\"at\":\"2026-03-01T12:04:05Z\"}]}"
                : "{\"transitions\":[]}";
        try (CampaignWatcher w = CampaignWatcher.watch(link, "DCU-1", "fw-2").resultGrace(Duration.ofSeconds(30)).start()) {
            long t0 = System.nanoTime();
            CampaignWatcher.Outcome o = w.await(null);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no grace for a campaign over before the watch")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(o.completed()).isTrue();
            Map<String, Duration> d = w.durations(List.of("m-1", "m-2"), 1);
            assertThat(d).containsExactly(Map.entry("m-1", Duration.ofSeconds(245)));
        }
    }

    static String status(String state, String meterStates) {
        JsonObject states = JsonParser.parseString(meterStates).getAsJsonObject();
        StringBuilder meters = new StringBuilder();
        JsonObject counts = new JsonObject();
        int done = 0;
        for (String m : states.keySet()) {
            String s = states.get(m).getAsString();
            if (meters.length() > 0) {
                meters.append(',');
            }
            meters.append("{\"meterId\":\"").append(m).append("\",\"state\":\"").append(s)
                    .append("\",\"errorCode\":null,\"message\":\"\",\"nextBlock\":0,\"attempts\":1,\"updated\":\"2026-03-01T12:00:00Z\"}");
            counts.addProperty(s, counts.has(s) ? counts.get(s).getAsInt() + 1 : 1);
            done += CampaignWatcher.FINAL_METER_STATES.contains(s) ? 1 : 0;
        }
        return "{\"id\":\"fw-2\",\"state\":\"" + state + "\",\"firmware\":\"2.0.0\",\"total\":" + states.size() + ",\"done\":" + done
                + ",\"counts\":" + counts + ",\"reason\":null,\"alarms\":[],\"meters\":[" + meters + "]}";
    }

    static String result(String campaign, String meter, String state, String code) {
        return "{\"campaign\":\"" + campaign + "\",\"meterId\":\"" + meter + "\",\"state\":\"" + state + "\",\"errorCode\":"
                + (code == null ? "null" : "\"" + code + "\"") + ",\"message\":\"\",\"at\":\"2026-03-01T12:01:00Z\"}";
    }

    /** A link whose DCU answers campaign.status with {@link #status} (null: unknown) and history by meter. */
    static final class ScriptedLink implements CampaignWatcher.Link {
        volatile String status;
        volatile Function<String, String> history = m -> "{\"transitions\":[]}";
        final Map<String, BiConsumer<String, byte[]>> subscriptions = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Response> request(String dcuId, String operation, String body) {
            requests.add(operation);
            if (operation.equals("campaign.history")) {
                String meter = JsonParser.parseString(body).getAsJsonObject().get("meterId").getAsString();
                return CompletableFuture.completedFuture(new Response(dcuId, "ok", "OK", "ok",
                        JsonParser.parseString(history.apply(meter))));
            }
            String s = status;
            String id = JsonParser.parseString(body).getAsJsonObject().get("id").getAsString();
            if (s == null) {
                return CompletableFuture.completedFuture(new Response(dcuId, "refused", "CMD_CAMPAIGN_UNKNOWN",
                        "campaign.status: no campaign " + id, null));
            }
            return CompletableFuture.completedFuture(new Response(dcuId, "ok", "OK", "ok", JsonParser.parseString(s)));
        }

        @Override
        public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
            subscriptions.put(filter, handler);
        }

        @Override
        public void unsubscribe(String filter) {
            subscriptions.remove(filter);
        }

        void event(String kind, String id, String data) {
            String topic = "fums/v1/DCU-1/evt/" + kind;
            String payload = "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"dcuId\":\"DCU-1\",\"time\":\"2026-03-01T12:00:01Z\","
                    + "\"data\":" + data + "}";
            List<BiConsumer<String, byte[]>> handlers = new ArrayList<>();
            subscriptions.forEach((f, h) -> {
                if (ConsoleClient.matches(ConsoleClient.matchPart(f), topic)) {
                    handlers.add(h);
                }
            });
            handlers.forEach(h -> h.accept(topic, payload.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
