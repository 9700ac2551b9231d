package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestKind;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.client.Json;
import io.fums.crypto.VerifiedCommand;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** software.* and audit.* handlers over fakes and the real audit log. */
class SoftwareHandlerTest {

    private static final DeviceId DCU = DeviceId.of("DCU-1");

    @TempDir
    Path dir;

    private ClosableDatabase db;
    private AuditLog audit;
    private final List<CloudEvent> events = new ArrayList<>();
    private final FakeDeployment deployment = new FakeDeployment();
    private SoftwareHandler handler;

    @BeforeEach
    void setUp() throws FumsException {
        db = Stores.openDatabase(dir);
        audit = Stores.auditLog(db, Clock.systemUTC());
        ArtifactFetcher unreachable = new ArtifactFetcher(null, dir.resolve("dl"), 1 << 20, 1, Duration.ofMillis(500),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), () -> 0));
        handler = new SoftwareHandler(deployment, unreachable, audit, () -> new Recorder(events), () -> null,
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void listHistoryAndState() throws FumsException {
        CloudResponse list = handler.handle(get("software.list", "{}"));
        assertThat(list.status()).isEqualTo(ResponseStatus.OK);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) list.data();
        assertThat(data).containsKeys("committed", "bundles");
        assertThat(data.get("bundles")).as("each bundle with what tells whether a swap disturbed it").isEqualTo(List.of(
                Map.of("symbolicName", "io.fums.demo", "version", "1.0.0", "state", "ACTIVE", "startLevel", 20, "feature", "demo",
                        "bundleId", 42L, "lastModified", 1_700_000_000_000L, "starts", 1L, "serviceIds", List.of(7L, 9L))));
        CloudResponse history = handler.handle(get("software.history", "{\"limit\":5}"));
        assertThat(history.data()).isEqualTo(Map.of("swaps", List.of()));
        assertThat(deployment.lastLimit).isEqualTo(5);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) handler.state();
        assertThat(state.get("bundles")).isEqualTo(Map.of("io.fums.demo", "1.0.0"));
    }

    @Test
    void unknownOrMistypedFieldsAreMalformed() {
        assertMalformed(get("software.history", "{\"limit\":\"5\"}"));
        assertMalformed(get("software.history", "{\"limit\":0}"));
        assertMalformed(get("software.history", "{\"limit\":2.5}"));
        assertMalformed(get("software.list", "{\"x\":1}"));
        assertMalformed(exec("software.apply", "{\"sha256\":\"" + "0".repeat(64) + "\"}"));
        assertMalformed(exec("software.apply", "{\"url\":\"http://h/x\",\"sha256\":\"" + "0".repeat(64) + "\",\"extra\":1}"));
    }

    @Test
    void rollbackPublishesAnEventAndAnswersWithTheResult() throws FumsException {
        CloudResponse r = handler.handle(exec("software.rollback", "{}"));
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("software");
            assertThat(e.data()).containsEntry("operation", "software.rollback").containsEntry("operator", "op-key");
        });
        deployment.nextOutcome = SwapOutcome.ROLLED_BACK;
        CloudResponse failed = handler.handle(exec("software.rollback", "{}"));
        assertThat(failed.status()).isEqualTo(ResponseStatus.FAILED);
        assertThat(failed.code()).isEqualTo(ErrorCode.SWAP_UNHEALTHY);
    }

    @Test
    void failedDownloadIsAuditedAndNothingIsApplied() throws FumsException {
        assertThatThrownBy(() -> handler.handle(exec("software.apply",
                "{\"url\":\"http://127.0.0.1:1/p.zip\",\"sha256\":\"" + "0".repeat(64) + "\"}")))
                .isInstanceOf(FumsException.class);
        assertThat(deployment.applied).isZero();
        List<AuditEntry> entries = audit.query(AuditQuery.builder().action("software.fetch").build());
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("op-key");
            assertThat(e.subject()).isEqualTo("http://127.0.0.1:1/p.zip");
        });
    }

    @Test
    void auditHandlerQueriesAndVerifies() throws FumsException {
        audit.append(io.fums.store.AuditEvent.builder("op", "command.refuse").refused(ErrorCode.CMD_UNSIGNED)
                .detail("channel", "mqtt").build());
        AuditHandler a = new AuditHandler(audit);
        CloudResponse q = a.handle(get("audit.query", "{\"outcome\":\"refused\",\"limit\":10}"));
        assertThat(Json.GSON.toJson(Json.tree(q.data()))).contains("CMD_UNSIGNED").contains("\"channel\":\"mqtt\"");
        CloudResponse v = a.handle(get("audit.verify", "{}"));
        assertThat(Json.GSON.toJson(Json.tree(v.data()))).contains("\"ok\":true").contains("\"lastSeq\":1");
        assertMalformed(a, get("audit.query", "{\"outcome\":\"maybe\"}"));
        assertMalformed(a, get("audit.query", "{\"since\":\"yesterday\"}"));
    }

    private void assertMalformed(CloudRequest r) {
        assertMalformed(handler, r);
    }

    private static void assertMalformed(io.fums.cloud.mqtt.RequestHandler h, CloudRequest r) {
        assertThatThrownBy(() -> h.handle(r)).isInstanceOf(FumsException.class)
                .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CMD_MALFORMED);
    }

    private static CloudRequest get(String op, String body) {
        return new CloudRequest(op, RequestKind.GET, body, null, DCU, "r1", Instant.now());
    }

    private static CloudRequest exec(String op, String body) {
        Instant now = Instant.now();
        VerifiedCommand c = new VerifiedCommand(op, DCU, now, now.plusSeconds(60), "n".repeat(22), body, "op-key",
                "0".repeat(64), now.plusSeconds(120));
        return new CloudRequest(op, RequestKind.EXEC, body, c, DCU, "r2", now);
    }

    private record Recorder(List<CloudEvent> events) implements CloudPublisher {
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

    private static final class FakeDeployment implements SoftwareDeployment {
        int applied;
        int lastLimit;
        SwapOutcome nextOutcome = SwapOutcome.COMMITTED;

        @Override
        public SoftwareSet committed() {
            return new SoftwareSet(1, Instant.EPOCH, List.of(new SoftwareSet.Feature("demo", "1.0.0")), List.of());
        }

        @Override
        public List<InstalledBundle> bundles() {
            return List.of(new InstalledBundle("io.fums.demo", "1.0.0", "ACTIVE", 20, "demo", 42, 1_700_000_000_000L, 1,
                    List.of(7L, 9L)));
        }

        @Override
        public SwapResult apply(Path packageFile) {
            applied++;
            return result();
        }

        @Override
        public SwapResult rollback() {
            return result();
        }

        private SwapResult result() {
            return nextOutcome == SwapOutcome.COMMITTED
                    ? new SwapResult("tx", SwapOutcome.COMMITTED, "*", "1.0.0", "0.9.0", 2, null, "rolled back", 10)
                    : new SwapResult("tx", SwapOutcome.ROLLED_BACK, "*", "1.0.0", "0.9.0", 1, ErrorCode.SWAP_UNHEALTHY,
                            "not healthy", 10);
        }

        @Override
        public List<SwapRecord> history(int limit) {
            lastLimit = limit;
            return List.of();
        }
    }
}
