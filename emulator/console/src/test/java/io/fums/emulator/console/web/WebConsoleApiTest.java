package io.fums.emulator.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import io.fums.testsupport.Conditions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The web console's JSON endpoints over real HTTP (Jetty on a free port, the JDK's HTTP client), with DCUs that
 * answer through a scripted link as docs/mqtt-api.md says: the fleet from retained states and alarms, rollouts from
 * {@code campaign.status} and {@code campaign} events with their samples over time and failures by code, the
 * drill-down requests, the live updates (SSE), the signed commands and every refusal of a hostile request (CSRF,
 * origin, content type, size, Host, ids), which sends nothing to a DCU.
 *
 * <p>Proves: ARC-1 (upgrade information: status, results, history), UMS-3 (every attempt's result shown), SEC-3 and
 * SEC-4 (commands signed, hostile requests refused), SEC-9 (refusals logged).
 */
@Tag("ARC-1")
@Tag("UMS-3")
@Tag("SEC-3")
@Tag("SEC-4")
@Tag("SEC-9")
class WebConsoleApiTest {

    private static final String RUNNING = "{\"campaigns\":[{\"id\":\"fw-2\",\"state\":\"CREATED\",\"firmware\":\"2.0.0\","
            + "\"updatedAt\":\"2026-03-01T12:00:00Z\",\"total\":3,\"done\":0,\"counts\":{\"PENDING\":3},\"reason\":null}]}";

    private final OperatorKey key = OperatorKey.of(EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom()));
    private final ScriptedDcus dcus = new ScriptedDcus(key);
    private final StringWriter log = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebConsole web;
    private String base;

    @BeforeEach
    void start() throws Exception {
        dcus.answers.put("campaign.status", s -> s.body().contains("fw-2") ? ScriptedDcus.ok(s.dcuId(), """
                {"id":"fw-2","state":"RUNNING","firmware":"2.0.0","total":3,"done":2,"counts":{"SUCCEEDED":1,"REVERTED":1,
                 "TRANSFERRING":1},"meters":[{"meterId":"m-1","state":"SUCCEEDED","errorCode":null},
                 {"meterId":"m-2","state":"REVERTED","errorCode":"METER_SELF_CHECK_FAILED"},
                 {"meterId":"m-3","state":"TRANSFERRING","errorCode":null}]}""") : ScriptedDcus.ok(s.dcuId(), RUNNING));
        dcus.answers.put("campaign.pause", s -> ScriptedDcus.ok(s.dcuId(), "{\"id\":\"fw-2\",\"state\":\"PAUSED\","
                + "\"firmware\":\"2.0.0\",\"total\":3,\"done\":2,\"counts\":{\"SUCCEEDED\":1,\"REVERTED\":1,\"PENDING\":1},"
                + "\"reason\":\"paused by the operator\"}"));
        dcus.answers.put("audit.query", s -> ScriptedDcus.ok(s.dcuId(), "{\"entries\":[{\"seq\":7,\"action\":\"command.verify\","
                + "\"outcome\":\"OK\"}]}"));
        dcus.answers.put("campaign.history", s -> new Response(s.dcuId(), "refused", "CMD_CAMPAIGN_UNKNOWN",
                "campaign.history: no campaign fw-2 on this DCU", null));
        web = WebConsole.builder(dcus).port(0).poll(Duration.ofHours(1)).log(new PrintWriter(log, true))
                .clock(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC)).start();
        base = "http://127.0.0.1:" + web.port();
        dcus.state("DCU-1", "{\"online\":true,\"dcuId\":\"DCU-1\",\"time\":\"2026-03-01T12:00:00Z\",\"insecure\":false,"
                + "\"labels\":{\"region\":\"north\",\"group\":\"feeder-7\"},"
                + "\"software\":{\"generation\":4,\"features\":[{\"name\":\"fums-core\",\"version\":\"1.2.0\"}]},"
                + "\"meters\":{\"available\":true,\"state\":\"ok\",\"count\":3,\"firmware\":{\"1.0.0\":2,\"2.0.0\":1}}}");
        dcus.state("DCU-2", "{\"online\":false,\"dcuId\":\"DCU-2\",\"time\":\"2026-03-01T11:00:00Z\","
                + "\"reason\":\"<script>alert(1)</script>\"}");
        web.refreshNow();
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theFleetShowsEveryDcuWithSoftwareFirmwareAndAlarmsEscaped() throws Exception {
        dcus.event("DCU-1", "alarm", "a1", "{\"source\":\"meter\",\"campaign\":null,\"meterId\":\"m-3\",\"code\":"
                + "\"FIRMWARE_CHANGED\",\"message\":\"changed\",\"at\":\"2026-03-01T12:01:00Z\"}");
        dcus.event("DCU-1", "alarm", "a1", "{\"source\":\"meter\",\"code\":\"FIRMWARE_CHANGED\"}");
        HttpResponse<String> r = get("/api/fleet");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).as("no raw markup in any value").doesNotContain("<script>").contains("\\u003cscript\\u003e");
        JsonObject f = json(r);
        assertThat(f.get("online").getAsInt()).isEqualTo(1);
        assertThat(f.get("offline").getAsInt()).isEqualTo(1);
        JsonObject d1 = f.getAsJsonArray("dcus").get(0).getAsJsonObject();
        assertThat(d1.get("dcuId").getAsString()).isEqualTo("DCU-1");
        assertThat(d1.getAsJsonObject("software").toString()).isEqualTo("{\"generation\":4,\"features\":[{\"name\":"
                + "\"fums-core\",\"version\":\"1.2.0\"}]}");
        assertThat(d1.getAsJsonObject("meters").getAsJsonObject("firmware").toString()).isEqualTo("{\"1.0.0\":2,\"2.0.0\":1}");
        assertThat(d1.get("alarms").getAsInt()).as("the alarm sent again counts once").isEqualTo(1);
        assertThat(d1.getAsJsonObject("lastAlarm").get("code").getAsString()).isEqualTo("FIRMWARE_CHANGED");
        assertThat(d1.get("signature").getAsString()).isEqualTo("VERIFIED");
        assertThat(d1.getAsJsonObject("labels").toString()).isEqualTo("{\"region\":\"north\",\"group\":\"feeder-7\"}");
        JsonObject d2 = f.getAsJsonArray("dcus").get(1).getAsJsonObject();
        assertThat(d2.get("online").getAsBoolean()).isFalse();

        JsonObject one = json(get("/api/dcus/DCU-1"));
        assertThat(one.getAsJsonArray("alarmList")).hasSize(1);
    }

    @Test
    void aRolloutHasItsCountsOverTimeFailuresByCodeAndDrillDown() throws Exception {
        JsonObject list = json(get("/api/rollouts"));
        assertThat(list.get("source").getAsString()).isEqualTo("dcu-campaigns");
        assertThat(list.getAsJsonArray("rollouts")).hasSize(1);
        dcus.event("DCU-1", "campaign", "p1", "{\"campaign\":\"fw-2\",\"state\":\"RUNNING\",\"firmware\":\"2.0.0\","
                + "\"done\":2,\"total\":3,\"counts\":{\"TRANSFERRING\":1,\"SUCCEEDED\":1,\"REVERTED\":1},\"reason\":null,"
                + "\"updatedAt\":\"2026-03-01T12:00:05Z\"}");
        dcus.event("DCU-1", "campaign", "p1", "{\"campaign\":\"fw-2\",\"state\":\"RUNNING\",\"done\":3,\"total\":3}");
        JsonObject r = json(get("/api/rollouts/fw-2"));
        assertThat(r.get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(r.get("done").getAsInt()).isEqualTo(2);
        assertThat(r.getAsJsonObject("counts").toString()).as("in the state machine's order")
                .isEqualTo("{\"TRANSFERRING\":1,\"SUCCEEDED\":1,\"REVERTED\":1}");
        assertThat(r.getAsJsonArray("waves").get(0).getAsJsonObject().getAsJsonArray("dcus").toString()).isEqualTo("[\"DCU-1\"]");
        assertThat(r.getAsJsonArray("series")).as("one sample at discovery, one at the event (the duplicate dropped)")
                .hasSize(2);
        assertThat(r.getAsJsonArray("series").get(1).getAsJsonObject().getAsJsonObject("counts").get("SUCCEEDED").getAsInt())
                .isEqualTo(1);
        assertThat(r.getAsJsonObject("failures").toString()).isEqualTo("{\"METER_SELF_CHECK_FAILED\":1}");

        JsonObject c = json(get("/api/dcus/DCU-1/campaigns/fw-2"));
        assertThat(c.getAsJsonArray("meters")).hasSize(3);
        assertThat(c.get("signature").getAsString()).isEqualTo("VERIFIED");
        JsonObject audit = json(get("/api/dcus/DCU-1/audit?limit=20"));
        assertThat(audit.getAsJsonArray("entries")).hasSize(1);
        assertThat(dcus.sent).anyMatch(s -> s.operation().equals("audit.query") && s.body().equals("{\"limit\":20}"));
        HttpResponse<String> unknown = get("/api/dcus/DCU-1/campaigns/fw-2/meters/m-1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").getAsString()).isEqualTo("CMD_CAMPAIGN_UNKNOWN");
        assertThat(get("/api/rollouts/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void theLiveUpdatesCarryRolloutSamplesAndMeterResults() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<InputStream>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base
                + "/api/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> events = stream.get(10, TimeUnit.SECONDS);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                }
            } catch (java.io.IOException e) {
                // closed at the end
            }
        });
        reader.setDaemon(true);
        reader.start();
        Conditions.await("the stream is open").until(() -> lines.contains(": live"));
        dcus.event("DCU-1", "campaign", "p2", "{\"campaign\":\"fw-2\",\"state\":\"RUNNING\",\"firmware\":\"2.0.0\","
                + "\"done\":1,\"total\":3,\"counts\":{\"TRANSFERRING\":2,\"SUCCEEDED\":1}}");
        dcus.event("DCU-1", "meter-result", "mr-1", "{\"campaign\":\"fw-2\",\"meterId\":\"m-1\",\"state\":\"SUCCEEDED\","
                + "\"errorCode\":null,\"message\":\"runs 2.0.0\",\"at\":\"2026-03-01T12:00:09Z\"}");
        Conditions.await("a rollout update and a meter result").until(() -> lines.contains("event: rollout")
                && lines.contains("event: meter-result"));
        String rollout = lines.get(lines.indexOf("event: rollout") + 1);
        JsonObject data = JsonParser.parseString(rollout.substring("data: ".length())).getAsJsonObject();
        assertThat(data.get("id").getAsString()).isEqualTo("fw-2");
        assertThat(data.getAsJsonObject("sample").get("t").getAsString()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(data.getAsJsonObject("sample").getAsJsonObject("counts").get("TRANSFERRING").getAsInt()).isEqualTo(2);
        String result = lines.get(lines.indexOf("event: meter-result") + 1);
        assertThat(result).contains("\"rollout\":\"fw-2\"", "\"meterId\":\"m-1\"", "\"state\":\"SUCCEEDED\"");
        events.body().close();
    }

    @Test
    void aConfirmedCommandIsSignedForEachDcuAndAnswered() throws Exception {
        String csrf = json(get("/api/session")).get("csrf").getAsString();
        assertThat(json(get("/api/session")).get("operatorKeyId").getAsString()).isEqualTo(key.keyId());
        HttpResponse<String> r = post("/api/rollouts/fw-2/pause", "{\"confirm\":\"fw-2\"}", csrf, "application/json", base);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject a = json(r);
        assertThat(a.get("ok").getAsBoolean()).isTrue();
        assertThat(a.get("signedBy").getAsString()).isEqualTo(key.keyId());
        assertThat(a.getAsJsonArray("dcus").get(0).getAsJsonObject().get("code").getAsString()).isEqualTo("OK");
        ScriptedDcus.Sent sent = dcus.sent.stream().filter(s -> s.operation().equals("campaign.pause")).findFirst().orElseThrow();
        assertThat(sent.dcuId()).isEqualTo("DCU-1");
        assertThat(sent.body()).isEqualTo("{\"id\":\"fw-2\"}");
        JsonObject envelope = ScriptedDcus.json(sent.envelope());
        assertThat(envelope.get("keyId").getAsString()).isEqualTo(key.keyId());
        JsonObject signed = ScriptedDcus.json(new String(Base64.getDecoder().decode(envelope.get("payload").getAsString()),
                StandardCharsets.UTF_8));
        assertThat(signed.get("operation").getAsString()).isEqualTo("campaign.pause");
        assertThat(signed.get("targetDcuId").getAsString()).isEqualTo("DCU-1");
        assertThat(json(get("/api/rollouts/fw-2")).get("state").getAsString()).as("the DCU's answer is taken at once")
                .isEqualTo("PAUSED");
    }

    @Test
    void hostileRequestsAreRefusedWithACodeLoggedAndSendNothing() throws Exception {
        String csrf = json(get("/api/session")).get("csrf").getAsString();
        int before = dcus.sent.size();
        assertRefused(post("/api/rollouts/fw-2/pause", "{\"confirm\":\"fw-2\"}", null, "application/json", base), 403,
                "CSRF_INVALID");
        String forged = (csrf.charAt(0) == '0' ? "1" : "0") + csrf.substring(1);
        assertRefused(post("/api/rollouts/fw-2/pause", "{\"confirm\":\"fw-2\"}", forged, "application/json", base), 403,
                "CSRF_INVALID");
        assertRefused(post("/api/rollouts/fw-2/pause", "{\"confirm\":\"fw-2\"}", csrf, "application/json",
                "http://evil.example"), 403, "ORIGIN_REFUSED");
        assertRefused(post("/api/rollouts/fw-2/pause", "confirm=fw-2", csrf, "application/x-www-form-urlencoded", base),
                415, "CONTENT_TYPE");
        assertRefused(post("/api/rollouts/fw-2/pause", "{}", csrf, "application/json", base), 400, "NOT_CONFIRMED");
        assertRefused(post("/api/rollouts/fw-2/pause", "[1", csrf, "application/json", base), 400, "BODY_INVALID");
        assertRefused(post("/api/rollouts/fw-2/explode", "{\"confirm\":\"fw-2\"}", csrf, "application/json", base), 400,
                "ACTION_UNKNOWN");
        assertRefused(post("/api/rollouts/fw%3Cb%3E/pause", "{\"confirm\":\"fw<b>\"}", csrf, "application/json", base), 400,
                "ROLLOUT_ID_INVALID");
        HttpResponse<String> big = post("/api/rollouts/fw-2/pause", "{\"confirm\":\"fw-2\",\"x\":\"" + "a".repeat(20_000)
                + "\"}", csrf, "application/json", base);
        assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
        assertRefused(get("/api/dcus/DCU%231/audit"), 400, "DCU_ID_INVALID");
        assertRefused(get("/api/dcus/DCU-1/audit?limit=100000"), 400, "LIMIT_INVALID");
        assertRefused(get("/api/dcus/DCU-9/campaigns"), 404, "NOT_FOUND");
        assertThat(rawStatus("GET /api/fleet HTTP/1.1\r\nHost: rebound.example:" + web.port() + "\r\nConnection: close"
                + "\r\n\r\n")).as("DNS rebinding: another Host").contains(" 421 ");
        assertThat(dcus.sent.size()).as("nothing was sent to a DCU").isEqualTo(before);
        assertThat(log.toString()).contains("refused: 403 CSRF_INVALID", "refused: 403 ORIGIN_REFUSED",
                "refused: 400 NOT_CONFIRMED", "refused: 421 HOST_REFUSED");
    }

    @Test
    void aReadOnlyConsoleOffersNoCommand() throws Exception {
        web.close();
        ScriptedDcus readOnly = new ScriptedDcus(null);
        readOnly.answers.put("campaign.status", s -> ScriptedDcus.ok(s.dcuId(), RUNNING));
        web = WebConsole.builder(readOnly).port(0).poll(Duration.ofHours(1)).log(new PrintWriter(log, true)).start();
        base = "http://127.0.0.1:" + web.port();
        readOnly.state("DCU-1", "{\"online\":true,\"dcuId\":\"DCU-1\",\"time\":\"2026-03-01T12:00:00Z\"}");
        web.refreshNow();
        JsonObject s = json(get("/api/session"));
        assertThat(s.get("commands").getAsBoolean()).isFalse();
        assertRefused(post("/api/rollouts/fw-2/start", "{\"confirm\":\"fw-2\"}", s.get("csrf").getAsString(),
                "application/json", base), 403, "NO_OPERATOR_KEY");
        assertThat(readOnly.sent).noneMatch(x -> x.envelope() != null);
    }

    @Test
    void thePagesAndChartJsComeFromTheJarWithAStrictContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/rollout.html", "/dcu.html", "/static/common.js", "/static/app.css")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(WebServer.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Server")).as("no server version told").isEmpty();
        }
        HttpResponse<String> chart = get("/vendor/chart.umd.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart.js v4");
        assertThat(get("/static/../../etc/passwd").statusCode()).isIn(400, 404);
        assertThat(get("/").body()).doesNotContain("<script>").doesNotContain("style=");
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

    private HttpResponse<String> post(String path, String body, String csrf, String type, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", type).header("Origin", origin);
        if (csrf != null) {
            b.header(WebServer.CSRF_HEADER, csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", web.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
