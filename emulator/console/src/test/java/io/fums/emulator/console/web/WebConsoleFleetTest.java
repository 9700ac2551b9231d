package io.fums.emulator.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.fleet.FleetRollouts;
import io.fums.emulator.console.fleet.FleetSelector;
import io.fums.emulator.console.fleet.FleetStore;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.MeterResult;
import io.fums.emulator.console.fleet.RolloutSpec;
import io.fums.testsupport.Conditions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console over a real fleet store (SQLite) and real HTTP: a fleet rollout is shown with its waves, each DCU's
 * meters per state and its failures by code from the stored results, beside the DCUs' plain campaigns (the fleet's
 * own campaign {@code fleet-<id>} is not shown twice); it moves live as the store changes; the operator pauses it and
 * excludes a DCU (a signed {@code campaign.cancel} to that DCU alone, the store's DCU EXCLUDED, its final jobs
 * recorded once); a hostile exclude is refused with a code and sends nothing.
 *
 * <p>Proves: ARC-2 (fleet rollout driven from the console), UMS-1, UMS-3 (results per DCU counted once, shown),
 * SEC-3 (commands signed), SEC-4 (hostile requests refused).
 */
@Tag("ARC-2")
@Tag("UMS-1")
@Tag("UMS-3")
@Tag("SEC-3")
@Tag("SEC-4")
class WebConsoleFleetTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final OperatorKey key = OperatorKey.of(EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom()));
    private final ScriptedDcus dcus = new ScriptedDcus(key);
    private final StringWriter log = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private FleetStore store;
    private FleetRollouts fleet;
    private WebConsole web;
    private String base;

    private static RolloutSpec spec() {
        return new RolloutSpec("r1", RolloutSpec.METER_FIRMWARE, "/p/fw.zip", "a".repeat(64), 10, "fw", "2.0.0",
                List.of("FUMS-EM-1"), List.of("faster"), List.of("clock"),
                JsonParser.parseString("{\"id\":\"fleet-r1\"}").getAsJsonObject(),
                FleetSelector.of(List.of("region=north"), "FUMS-EM-1", null, null), "1,rest", 4, "20%", "10%", 600);
    }

    @BeforeEach
    void start() throws Exception {
        store = FleetStore.open(dir, clock);
        store.create(spec(), List.of("DCU-1", "DCU-2"), List.of(1, 2));
        store.transition("r1", Set.of(FleetStore.CREATED), FleetStore.RUNNING, null);
        store.dcuTransition("r1", "DCU-1", EnumSet.of(DcuState.PENDING), DcuState.RUNNING, null, "started", 3, null);
        store.recordResult(result("m-1", "SUCCEEDED", null));
        store.recordResult(result("m-2", "REVERTED", "METER_SELF_CHECK_FAILED"));
        // the DCUs: DCU-1 runs the fleet's campaign and a plain one; cancelling answers with the final jobs
        dcus.answers.put("campaign.status", s -> ScriptedDcus.ok(s.dcuId(), "{\"campaigns\":[{\"id\":\"fw-2\","
                + "\"state\":\"RUNNING\",\"firmware\":\"2.0.0\",\"total\":1,\"done\":0,\"counts\":{\"PENDING\":1}},"
                + "{\"id\":\"fleet-r1\",\"state\":\"RUNNING\",\"firmware\":\"2.0.0\",\"total\":3,\"done\":2}]}"));
        dcus.answers.put("campaign.cancel", s -> ScriptedDcus.ok(s.dcuId(), "{\"id\":\"fleet-r1\",\"state\":"
                + "\"CANCELLED\",\"meters\":[{\"meterId\":\"m-1\",\"state\":\"SUCCEEDED\"},{\"meterId\":\"m-3\","
                + "\"state\":\"CANCELLED\",\"errorCode\":null}]}"));
        fleet = new FleetRollouts(store, dcus, null, new PrintWriter(log, true)).start(Duration.ofMillis(100));
        web = WebConsole.builder(dcus).fleet(fleet).port(0).poll(Duration.ofHours(1)).log(new PrintWriter(log, true))
                .clock(clock).start();
        base = "http://127.0.0.1:" + web.port();
        dcus.state("DCU-1", "{\"online\":true,\"dcuId\":\"DCU-1\",\"time\":\"2026-03-01T12:00:00Z\"}");
        dcus.state("DCU-2", "{\"online\":true,\"dcuId\":\"DCU-2\",\"time\":\"2026-03-01T12:00:00Z\"}");
        web.refreshNow();
    }

    private static MeterResult result(String meter, String state, String code) {
        return new MeterResult("r1", "DCU-1", "fleet-r1", meter, state, code, "x", null, "e-" + meter, "event", "w1",
                null);
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        fleet.close();
        store.close();
    }

    @Test
    void aFleetRolloutShowsItsWavesCountsAndFailuresBesideThePlainCampaigns() throws Exception {
        JsonObject list = json(get("/api/rollouts"));
        assertThat(list.get("source").getAsString()).isEqualTo("fleet+dcu-campaigns");
        List<String> ids = new ArrayList<>();
        list.getAsJsonArray("rollouts").forEach(r -> ids.add(r.getAsJsonObject().get("id").getAsString()));
        assertThat(ids).as("the fleet's own campaign is its rollout, not a second one").containsExactly("r1", "fw-2");

        JsonObject r = json(get("/api/rollouts/r1"));
        assertThat(r.get("kind").getAsString()).isEqualTo("meter-firmware");
        assertThat(r.get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(r.get("firmware").getAsString()).isEqualTo("fw 2.0.0");
        assertThat(r.get("done").getAsInt()).isEqualTo(2);
        assertThat(r.get("total").getAsInt()).isEqualTo(3);
        JsonArray waves = r.getAsJsonArray("waves");
        assertThat(waves).hasSize(2);
        assertThat(waves.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("wave 1 (1)");
        assertThat(waves.get(0).getAsJsonObject().get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(waves.get(1).getAsJsonObject().get("name").getAsString()).isEqualTo("wave 2 (rest)");
        assertThat(waves.get(1).getAsJsonObject().get("state").getAsString()).isEqualTo("PENDING");
        assertThat(waves.get(1).getAsJsonObject().getAsJsonArray("dcus").get(0).getAsString()).isEqualTo("DCU-2");
        JsonObject part = r.getAsJsonArray("dcus").get(0).getAsJsonObject();
        assertThat(part.get("dcuId").getAsString()).isEqualTo("DCU-1");
        assertThat(part.get("campaign").getAsString()).isEqualTo("fleet-r1");
        assertThat(part.getAsJsonObject("counts").toString())
                .isEqualTo("{\"PENDING\":1,\"SUCCEEDED\":1,\"FAILED\":1}");
        assertThat(r.getAsJsonObject("failures").toString()).isEqualTo("{\"METER_SELF_CHECK_FAILED\":1}");
        assertThat(json(get("/api/rollouts/fw-2")).get("kind").getAsString()).as("a plain campaign stays shown")
                .isEqualTo("meter-firmware");
        assertThat(get("/api/rollouts/fleet-r1").statusCode()).isEqualTo(404);
    }

    @Test
    void theRolloutMovesLiveAsTheStoreChanges() throws Exception {
        int before = json(get("/api/rollouts/r1")).getAsJsonArray("series").size();
        store.recordResult(result("m-3", "SUCCEEDED", null));
        Conditions.await("a sample of the change on the page", Duration.ofSeconds(10))
                .until(() -> json(get("/api/rollouts/r1")).getAsJsonArray("series").size() > before);
        assertThat(json(get("/api/rollouts/r1")).get("done").getAsInt()).isEqualTo(3);
        JsonArray series = json(get("/api/rollouts/r1")).getAsJsonArray("series");
        JsonElement last = series.get(series.size() - 1);
        assertThat(last.getAsJsonObject().getAsJsonObject("counts").get("SUCCEEDED").getAsInt()).isEqualTo(2);
    }

    @Test
    void theOperatorPausesAndExcludesADcuSigned() throws Exception {
        String csrf = json(get("/api/session")).get("csrf").getAsString();
        HttpResponse<String> p = post("/api/rollouts/r1/pause", "{\"confirm\":\"r1\"}", csrf);
        assertThat(p.statusCode()).as(p.body()).isEqualTo(200);
        assertThat(json(p).get("ok").getAsBoolean()).isTrue();
        assertThat(store.rollout("r1").orElseThrow().state()).isEqualTo(FleetStore.PAUSED);

        HttpResponse<String> x = post("/api/rollouts/r1/exclude", "{\"confirm\":\"r1\",\"dcu\":\"DCU-1\"}", csrf);
        assertThat(x.statusCode()).as(x.body()).isEqualTo(200);
        JsonObject a = json(x);
        assertThat(a.get("ok").getAsBoolean()).as(x.body()).isTrue();
        assertThat(a.get("dcu").getAsString()).isEqualTo("DCU-1");
        List<ScriptedDcus.Sent> cancels = dcus.sent.stream().filter(s -> s.operation().equals("campaign.cancel")).toList();
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).dcuId()).isEqualTo("DCU-1");
        assertThat(cancels.get(0).body()).isEqualTo("{\"id\":\"fleet-r1\"}");
        JsonObject signed = ScriptedDcus.json(new String(Base64.getDecoder().decode(ScriptedDcus.json(
                cancels.get(0).envelope()).get("payload").getAsString()), StandardCharsets.UTF_8));
        assertThat(signed.get("operation").getAsString()).isEqualTo("campaign.cancel");
        assertThat(signed.get("targetDcuId").getAsString()).isEqualTo("DCU-1");
        assertThat(store.dcus("r1").get(0).state()).isEqualTo(DcuState.EXCLUDED);
        assertThat(store.dcus("r1").get(1).state()).as("the other DCU is untouched").isEqualTo(DcuState.PENDING);
        assertThat(store.counts("r1").get("DCU-1")).as("the final jobs once each: m-1 was there already")
                .isEqualTo(new FleetStore.Counts(1, 1, 1));
        assertThat(json(get("/api/rollouts/r1")).getAsJsonArray("dcus").get(0).getAsJsonObject().get("state")
                .getAsString()).isEqualTo("EXCLUDED");
    }

    @Test
    void aHostileExcludeIsRefusedWithACodeAndSendsNothing() throws Exception {
        String csrf = json(get("/api/session")).get("csrf").getAsString();
        int before = dcus.sent.size();
        assertRefused(post("/api/rollouts/r1/exclude", "{\"confirm\":\"r1\"}", csrf), 400, "DCU_ID_INVALID");
        assertRefused(post("/api/rollouts/r1/exclude", "{\"confirm\":\"r1\",\"dcu\":\"DCU#1\"}", csrf), 400,
                "DCU_ID_INVALID");
        assertRefused(post("/api/rollouts/r1/exclude", "{\"confirm\":\"r1\",\"dcu\":\"DCU-9\"}", csrf), 404,
                "NOT_FOUND");
        assertRefused(post("/api/rollouts/r1/exclude", "{\"dcu\":\"DCU-1\"}", csrf), 400, "NOT_CONFIRMED");
        assertRefused(post("/api/rollouts/r1/pause", "{\"confirm\":\"r1\",\"dcu\":\"DCU-1\"}", csrf), 400,
                "BODY_INVALID");
        assertThat(dcus.sent.size()).as("nothing was sent to a DCU").isEqualTo(before);
        assertThat(store.dcus("r1").get(0).state()).isEqualTo(DcuState.RUNNING);
        assertThat(store.rollout("r1").orElseThrow().state()).isEqualTo(FleetStore.RUNNING);
        assertThat(log.toString()).contains("refused: 400 DCU_ID_INVALID", "refused: 400 NOT_CONFIRMED");
    }

    private void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject o = json(r);
        assertThat(o.get("error").getAsString()).isEqualTo(code);
        assertThat(o.get("message").getAsString()).isNotBlank();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String csrf) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Origin", base).header(WebServer.CSRF_HEADER, csrf)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
