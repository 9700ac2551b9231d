package io.fums.cloud.meters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.ArtifactDownloads;
import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestKind;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.client.Json;
import io.fums.cloud.mqtt.standalone.CloudLinks;
import io.fums.crypto.VerifiedCommand;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** firmware.* and campaign.* over a hand-written CampaignService, and the campaign events. */
@Tag("ARC-2")
class CampaignHandlerTest {

    private static final DeviceId DCU = DeviceId.of("DCU-1");
    private static final String SHA = FakeCampaignService.SHA;
    private static final String SPEC = "{\"id\":\"fw-2\",\"firmware\":\"" + SHA + "\",\"meters\":[\"m-1\",\"m-2\"],"
            + "\"activation\":{\"mode\":\"window\",\"start\":\"02:00\",\"end\":\"04:00\"},"
            + "\"rollout\":{\"waves\":[\"1\",\"rest\"],\"concurrencyPerLink\":2,\"maxAttempts\":4,\"errorThreshold\":\"20%\"}}";

    @TempDir
    Path dir;

    private ClosableDatabase db;
    private AuditLog audit;
    private final FakeCampaignService service = new FakeCampaignService();
    private final AtomicReference<CampaignService> agent = new AtomicReference<>(service);
    private CampaignHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        // the link's download settings (one attempt, 1 MiB, 2 s); the downloads check the whole configuration, as the bundle's do
        ArtifactDownloads downloads = CloudLinks.artifactDownloads(Map.of("dcuId", DCU.value(), "brokerUrl", "tcp://127.0.0.1:1883",
                "allowInsecure", true, "maxArtifactMegabytes", 1, "downloadAttempts", 1, "httpTimeoutSeconds", 2,
                "downloadDir", dir.resolve("dl").toString()), dir);
        handler = new CampaignHandler(agent::get, downloads, audit);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void createReadsTheSpecInItsOneJsonForm() throws FumsException {
        CloudResponse r = handler.handle(exec("campaign.create", SPEC));
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        assertThat(r.message()).isEqualTo("campaign fw-2 created: 2 meters");
        assertThat(service.created).containsExactly(CampaignSpecJson.read(SPEC));
        JsonObject data = wire(r.data());
        assertThat(data.get("state").getAsString()).isEqualTo("CREATED");
        assertThat(data.get("total").getAsInt()).isEqualTo(2);
        assertThat(data.getAsJsonObject("counts").get("PENDING").getAsInt()).isEqualTo(2);
        assertThat(data.getAsJsonArray("meters")).hasSize(2);
        assertThat(data.getAsJsonArray("meters").get(0).getAsJsonObject().get("meterId").getAsString()).isEqualTo("m-1");
        // numbers written as the agent writes them are fine
        CampaignSpec selector = CampaignSpecJson.read("{\"id\":\"s\",\"firmware\":\"" + SHA + "\",\"selector\":"
                + "{\"deviceType\":\"FUMS-EM-1\",\"firmwareIdentifier\":\"1.0.0\"},\"rollout\":{\"backoffSeconds\":1.5}}");
        handler.handle(exec("campaign.create", CampaignSpecJson.write(selector)));
        assertThat(service.created).last().isEqualTo(selector);
    }

    @Test
    void createReadsTheTreeTheRouterParsedWithoutItsText() throws FumsException {
        // one JSON codec per request (issue 14): the handler reads the router's tree; no text is parsed or written
        Instant now = Instant.now();
        JsonObject tree = JsonParser.parseString(SPEC).getAsJsonObject();
        VerifiedCommand c = new VerifiedCommand("campaign.create", DCU, now, now.plusSeconds(60), "n".repeat(22), SPEC,
                "op-key", "0".repeat(64), now.plusSeconds(120));
        CloudResponse r = handler.handle(CloudRequest.parsed("campaign.create", RequestKind.EXEC, tree, null, c, DCU, "r3", now));
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        assertThat(service.created).containsExactly(CampaignSpecJson.read(SPEC));
        tree.addProperty("speed", 1);
        assertMalformed(CloudRequest.parsed("campaign.create", RequestKind.EXEC, tree, null, c, DCU, "r4", now),
                "unknown field 'speed'");
    }

    @Test
    void aBadCampaignBodyIsMalformedAndNamesTheField() {
        String base = "{\"id\":\"x\",\"firmware\":\"" + SHA + "\",\"meters\":[\"m-1\"]";
        assertMalformed(exec("campaign.create", base + ",\"speed\":1}"), "unknown field 'speed'");
        assertMalformed(exec("campaign.create", base + ",\"rollout\":{\"speed\":1}}"), "unknown field 'rollout.speed'");
        assertMalformed(exec("campaign.create", base + ",\"rollout\":{\"maxAttempts\":\"3\"}}"),
                "field 'rollout.maxAttempts' must be a number");
        assertMalformed(exec("campaign.create", base + ",\"rollout\":{\"concurrencyPerLink\":2.5}}"),
                "'rollout.concurrencyPerLink' has an invalid number 2.5");
        assertMalformed(exec("campaign.create", base + ",\"rollout\":{\"waves\":[1]}}"), "'rollout.waves[0]' must be a string");
        assertMalformed(exec("campaign.create", "{\"id\":7,\"firmware\":\"" + SHA + "\",\"meters\":[\"m-1\"]}"),
                "field 'id' must be a string");
        assertMalformed(exec("campaign.create", "{\"firmware\":\"" + SHA + "\",\"meters\":[\"m-1\"]}"), "'id' is missing");
        assertMalformed(exec("campaign.create", "{\"id\":\"x\",\"firmware\":\"" + SHA + "\"}"), "either a list of meters");
        assertMalformed(exec("campaign.create", base + ",\"activation\":{\"mode\":\"at\",\"at\":\"tomorrow\"}}"),
                "campaign.create");
        assertMalformed(exec("campaign.create", base + ",\"rollout\":{\"waves\":[\"0\"]}}"), "wave '0'");
        assertMalformed(exec("campaign.create", base + ",\"rollout\":{\"maxAttempts\":0}}"), "maxAttempts");
        assertMalformed(exec("campaign.create", "[1]"), "must be a JSON object");
        assertThat(service.created).isEmpty();
    }

    @Test
    void controlAndStatusOfAnUnknownCampaignIsAClearRefusal() throws FumsException {
        for (String op : List.of("campaign.start", "campaign.pause", "campaign.resume", "campaign.cancel")) {
            assertRefused(exec(op, "{\"id\":\"nope\"}"), ErrorCode.CMD_CAMPAIGN_UNKNOWN, op + ": no campaign nope");
            assertMalformed(exec(op, "{}"), op + ": field 'id' is required");
            assertMalformed(exec(op, "{\"id\":\"x\",\"force\":true}"), "unknown field 'force'");
        }
        assertRefused(get("campaign.status", "{\"id\":\"nope\"}"), ErrorCode.CMD_CAMPAIGN_UNKNOWN,
                "campaign.status: no campaign nope");
        assertRefused(get("campaign.history", "{\"id\":\"nope\",\"meterId\":\"m-1\"}"), ErrorCode.CMD_CAMPAIGN_UNKNOWN,
                "campaign.history: no campaign nope");
        assertMalformed(get("campaign.history", "{\"id\":\"nope\"}"), "field 'meterId' is required");
        assertMalformed(get("campaign.status", "{\"id\":5}"), "field 'id' must be a string");
    }

    @Test
    void controlStatusAndHistory() throws FumsException {
        handler.handle(exec("campaign.create", SPEC));
        CloudResponse started = handler.handle(exec("campaign.start", "{\"id\":\"fw-2\"}"));
        assertThat(started.message()).isEqualTo("campaign fw-2 RUNNING");
        assertThat(handler.handle(exec("campaign.pause", "{\"id\":\"fw-2\"}")).message()).isEqualTo("campaign fw-2 PAUSED");
        assertThat(handler.handle(exec("campaign.resume", "{\"id\":\"fw-2\"}")).message()).isEqualTo("campaign fw-2 RUNNING");
        assertThat(handler.handle(exec("campaign.cancel", "{\"id\":\"fw-2\"}")).message()).isEqualTo("campaign fw-2 CANCELLED");

        JsonObject one = wire(handler.handle(get("campaign.status", "{\"id\":\"fw-2\"}")).data());
        assertThat(one.get("state").getAsString()).isEqualTo("CANCELLED");
        assertThat(one.getAsJsonArray("meters")).hasSize(2);
        assertThat(one.get("activation")).as("what waiting meters wait for (the console's watch says it)")
                .hasToString("{\"mode\":\"window\",\"start\":\"02:00\",\"end\":\"04:00\"}");
        JsonObject all = wire(handler.handle(get("campaign.status", "{}")).data());
        assertThat(all.getAsJsonArray("campaigns")).singleElement().satisfies(c -> {
            assertThat(c.getAsJsonObject().get("id").getAsString()).isEqualTo("fw-2");
            assertThat(c.getAsJsonObject().has("meters")).isFalse();
            assertThat(c.getAsJsonObject().get("done").getAsInt()).isZero();
        });
        JsonObject history = wire(handler.handle(get("campaign.history", "{\"id\":\"fw-2\",\"meterId\":\"m-1\"}")).data());
        assertThat(history.getAsJsonArray("transitions")).hasSize(2);
        JsonObject failed = history.getAsJsonArray("transitions").get(1).getAsJsonObject();
        assertThat(failed.get("to").getAsString()).isEqualTo("FAILED");
        assertThat(failed.get("errorCode").getAsString()).isEqualTo("METER_REFUSED");
        assertThat(failed.get("at").getAsString()).isEqualTo("2026-03-01T12:00:03Z");
    }

    @Test
    void withoutTheAgentEveryOperationSaysSo() {
        agent.set(null);
        for (String op : CampaignHandler.OPERATIONS) {
            String body = switch (op) {
                case "firmware.stage" -> "{\"url\":\"http://127.0.0.1:1/f.zip\",\"sha256\":\"" + SHA + "\"}";
                case "campaign.create" -> SPEC;
                case "campaign.history" -> "{\"id\":\"a\",\"meterId\":\"m\"}";
                case "firmware.list", "campaign.status" -> "{}";
                default -> "{\"id\":\"a\"}";
            };
            CloudRequest r = List.of(CampaignHandler.READ_ONLY).contains(op) ? get(op, body) : exec(op, body);
            assertThatThrownBy(() -> handler.handle(r)).isInstanceOf(FumsException.class)
                    .hasMessageContaining("meter-upgrade agent")
                    .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CMD_UNKNOWN);
        }
    }

    @Test
    void stageDownloadsChecksAndHandsTheFileToTheAgent() throws Exception {
        byte[] pkg = "a meter firmware package".getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pkg));
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/fw.zip", x -> {
            x.sendResponseHeaders(200, pkg.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(pkg);
            }
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/fw.zip";
            CloudResponse r = handler.handle(exec("firmware.stage", "{\"url\":\"" + url + "\",\"sha256\":\"" + sha
                    + "\",\"size\":" + pkg.length + "}"));
            assertThat(r.message()).isEqualTo("staged fums-em-fw 2.0.0");
            assertThat(service.stagedContents).singleElement().isEqualTo(pkg);
            assertThat(service.stagedChannels).containsExactly("mqtt");
            JsonObject data = wire(r.data());
            assertThat(data.get("packageSha256").getAsString()).isEqualTo(SHA);
            assertThat(data.get("version").getAsString()).isEqualTo("2.0.0");
            assertThat(data.getAsJsonArray("compatible").get(0).getAsString()).isEqualTo("FUMS-EM-1");
            assertThat(data.getAsJsonObject("prerequisites").get("FUMS-EM-1").getAsString()).isEqualTo("1.0.0");
            try (var files = Files.list(dir.resolve("dl"))) {
                assertThat(files).as("the download is deleted once staged").isEmpty();
            }
            assertThatThrownBy(() -> handler.handle(exec("firmware.stage", "{\"url\":\"" + url + "\",\"sha256\":\""
                    + "0".repeat(64) + "\"}"))).isInstanceOf(FumsException.class)
                    .hasMessageStartingWith("firmware.stage: ")
                    .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.PKG_HASH_MISMATCH);
            assertThat(service.stagedContents).hasSize(1);
            List<AuditEntry> fetches = audit.query(AuditQuery.builder().action("firmware.fetch").build());
            assertThat(fetches).hasSize(2);
            assertThat(fetches.get(0).reason()).isEqualTo("PKG_HASH_MISMATCH");
            assertThat(fetches.get(1).actor()).isEqualTo("op-key");
        } finally {
            http.stop(0);
        }
        assertMalformed(exec("firmware.stage", "{\"url\":\"http://h/f.zip\"}"), "field 'sha256' is required");
        assertMalformed(exec("firmware.stage", "{\"url\":\"ftp://h/f.zip\",\"sha256\":\"" + SHA + "\"}"), "http://");
        assertMalformed(get("firmware.list", "{\"all\":true}"), "unknown field 'all'");
        assertThat(wire(handler.handle(get("firmware.list", "{}")).data()).getAsJsonArray("firmware")).hasSize(1);
    }

    @Test
    void eventsCarryTheCampaignTheMeterAndStableResultIds() {
        List<CloudEvent> events = new ArrayList<>();
        AtomicInteger refreshed = new AtomicInteger();
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:30:00Z"), ZoneOffset.UTC);
        CampaignEvents listener = new CampaignEvents(() -> new Recorder(events), () -> new Refreshes(refreshed), clock);
        MeterJob ok = new MeterJob("fw-2", "m-1", UpgradeState.SUCCEEDED, null, "runs 2.0.0", 100, 1,
                Instant.parse("2026-03-01T12:20:00Z"));
        MeterJob reverted = new MeterJob("fw-2", "m-2", UpgradeState.REVERTED, "METER_SELF_CHECK_FAILED", "reverted", 100, 1,
                Instant.parse("2026-03-01T12:21:00Z"));
        listener.progress(FakeCampaignService.status("fw-2", CampaignState.RUNNING, List.of(ok,
                new MeterJob("fw-2", "m-2", UpgradeState.TRANSFERRING, null, "", 40, 1, FakeCampaignService.T0))));
        listener.meterResult(ok);
        listener.meterResult(reverted);
        listener.meterResult(ok);
        listener.alarm("fw-2", "m-2", "METER_SELF_CHECK_FAILED", "failed upgrade process: m-2 reverted");
        listener.progress(FakeCampaignService.status("fw-2", CampaignState.COMPLETED, List.of(ok, reverted)));

        assertThat(events).extracting(CloudEvent::kind).containsExactly("campaign", "meter-result", "meter-result",
                "meter-result", "alarm", "campaign");
        JsonObject progress = wire(events.get(0).data());
        assertThat(progress.get("campaign").getAsString()).isEqualTo("fw-2");
        assertThat(progress.get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(progress.get("done").getAsInt()).isEqualTo(1);
        assertThat(progress.get("total").getAsInt()).isEqualTo(2);
        assertThat(progress.getAsJsonObject("counts").toString()).isEqualTo("{\"TRANSFERRING\":1,\"SUCCEEDED\":1}");
        JsonObject result = wire(events.get(2).data());
        assertThat(result.get("meterId").getAsString()).isEqualTo("m-2");
        assertThat(result.get("state").getAsString()).isEqualTo("REVERTED");
        assertThat(result.get("errorCode").getAsString()).isEqualTo("METER_SELF_CHECK_FAILED");
        assertThat(result.get("at").getAsString()).isEqualTo("2026-03-01T12:21:00Z");
        assertThat(events.get(2).time()).isEqualTo(Instant.parse("2026-03-01T12:21:00Z"));
        assertThat(events.get(1).id()).as("a result reported again keeps its id").isEqualTo(events.get(3).id())
                .isNotEqualTo(events.get(2).id()).matches(CloudEvent.ID);
        assertThat(events.get(0).id()).isNotEqualTo(events.get(5).id());
        JsonObject alarm = wire(events.get(4).data());
        assertThat(alarm.get("source").getAsString()).isEqualTo("campaign");
        assertThat(alarm.get("code").getAsString()).isEqualTo("METER_SELF_CHECK_FAILED");
        assertThat(alarm.get("at").getAsString()).isEqualTo("2026-03-01T12:30:00Z");
        assertThat(refreshed.get()).as("the state is re-published when the campaign stops").isEqualTo(1);
    }

    @Test
    void eventsWithoutACloudLinkAreDroppedQuietlyAndAMeterResultIsNotAcknowledged() {
        CampaignEvents listener = new CampaignEvents(() -> null, () -> null, Clock.systemUTC());
        assertThat(listener.meterResult(new MeterJob("c", "m", UpgradeState.CANCELLED, null, "", 0, 0, Instant.now()))
                .toCompletableFuture()).as("not durable: the agent reports the result again").isCompletedExceptionally();
        listener.progress(FakeCampaignService.status("c", CampaignState.CANCELLED, List.of()));
    }

    private void assertMalformed(CloudRequest r, String message) {
        assertRefused(r, ErrorCode.CMD_MALFORMED, message);
    }

    private void assertRefused(CloudRequest r, ErrorCode code, String message) {
        assertThatThrownBy(() -> handler.handle(r)).isInstanceOf(FumsException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((FumsException) e).code()).isEqualTo(code);
    }

    static JsonObject wire(Object data) {
        return JsonParser.parseString(Json.GSON.toJson(Json.tree(data))).getAsJsonObject();
    }

    static CloudRequest get(String op, String body) {
        return new CloudRequest(op, RequestKind.GET, body, null, DCU, "r1", Instant.now());
    }

    static CloudRequest exec(String op, String body) {
        Instant now = Instant.now();
        VerifiedCommand c = new VerifiedCommand(op, DCU, now, now.plusSeconds(60), "n".repeat(22), body, "op-key",
                "0".repeat(64), now.plusSeconds(120));
        return new CloudRequest(op, RequestKind.EXEC, body, c, DCU, "r2", now);
    }

    record Recorder(List<CloudEvent> events) implements CloudPublisher {
        @Override
        public String publish(CloudEvent event) {
            events.add(event);
            return event.id();
        }

        @Override
        public CompletionStage<String> publishAsync(CloudEvent event) {
            return CompletableFuture.completedFuture(publish(event));
        }
    }

    private record Refreshes(AtomicInteger count) implements CloudConnection {
        @Override
        public DeviceId dcuId() {
            return DCU;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public long pendingEvents() {
            return 0;
        }

        @Override
        public void refreshState() {
            count.incrementAndGet();
        }
    }
}
