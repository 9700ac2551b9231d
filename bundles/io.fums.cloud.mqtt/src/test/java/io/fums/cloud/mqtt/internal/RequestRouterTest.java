package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.RequestKind;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.client.Json;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("SEC-3")
@Tag("SEC-9")
class RequestRouterTest {

    private static final DeviceId DCU = DeviceId.of("DCU-1");
    private static final String RESPONSE_TOPIC = "fums/v1/console/c1/res";

    private final FakeTransport transport = new FakeTransport();
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final List<CloudRequest> handled = new ArrayList<>();
    private FakeGuard guard;
    private RequestRouter router;

    @BeforeEach
    void setUp() {
        transport.connect();
        transport.autoAck(true);
        guard = new FakeGuard(DCU);
        router = new RequestRouter(DCU, handlers, guard, transport, 1024, new DirectExecutor(), Clock.systemUTC(), 0);
        handlers.add(request -> {
            handled.add(request);
            if (request.bodyJson().contains("\"fail\"")) {
                throw new FumsException(ErrorCode.SWAP_FAILED, "swap failed");
            }
            if (request.bodyJson().contains("\"boom\"")) {
                throw new IllegalStateException("bug");
            }
            return CloudResponse.ok(Map.of("echo", request.operation(), "kind", request.kind()));
        }, Map.of(RequestHandler.OPERATIONS, new String[] {"thing.get", "thing.set"},
                RequestHandler.READ_ONLY, "thing.get"));
    }

    @Test
    void getIsAnsweredOnTheResponseTopicWithTheCorrelationData() {
        AtomicInteger acks = new AtomicInteger();
        router.submit(request("thing.get", "{\"a\":1}", null, acks));
        assertThat(acks).hasValue(1);
        Outgoing out = single();
        assertThat(out.topic()).isEqualTo(RESPONSE_TOPIC);
        assertThat(out.correlationData()).containsExactly(7, 8, 9);
        assertThat(out.qos()).isEqualTo(1);
        assertThat(out.retained()).isFalse();
        JsonObject r = json(out);
        assertThat(r.get("status").getAsString()).isEqualTo("ok");
        assertThat(r.get("code").getAsString()).isEqualTo("OK");
        assertThat(r.getAsJsonObject("data").get("echo").getAsString()).isEqualTo("thing.get");
        assertThat(r.getAsJsonObject("data").get("kind").getAsString()).isEqualTo("GET");
        assertThat(handled).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(RequestKind.GET);
            assertThat(h.command()).isEmpty();
            assertThat(h.requestId()).isEqualTo("070809");
        });
        assertThat(guard.audit).isEmpty();
    }

    @Test
    void emptyPayloadIsAnEmptyBody() {
        router.submit(request("thing.get", "", null, null));
        assertThat(handled).singleElement().extracting(CloudRequest::bodyJson).isEqualTo("{}");
    }

    @Test
    void unknownOperationIsRefusedAndAudited() {
        CloudResponse r = router.process(request("thing.delete", "{}", null, null));
        assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_UNKNOWN);
        assertThat(r.message()).contains("thing.delete").contains("thing.get");
        assertThat(guard.audit).containsExactly(new FakeGuard.Decision("thing.delete", "REFUSED", ErrorCode.CMD_UNKNOWN));
        assertThat(handled).isEmpty();
    }

    @Test
    void malformedJsonIsRefused() {
        for (String bad : new String[] {"{", "[1]", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "nope", "\"s\""}) {
            CloudResponse r = router.process(request("thing.get", bad, null, null));
            assertThat(r.code()).as(bad).isEqualTo(ErrorCode.CMD_MALFORMED);
            assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        }
        assertThat(guard.audit).hasSize(6).allMatch(d -> d.code() == ErrorCode.CMD_MALFORMED);
        assertThat(handled).isEmpty();
    }

    @Test
    void invalidUtf8IsRefused() {
        Incoming m = new Incoming(Topics.request(DCU, "thing.get"), new byte[] {'{', (byte) 0xC3, '}'}, 1, false,
                RESPONSE_TOPIC, null, null, List.of(), () -> { });
        assertThat(router.process(m).code()).isEqualTo(ErrorCode.CMD_MALFORMED);
    }

    @Test
    void oversizePayloadIsRefused() {
        CloudResponse r = router.process(request("thing.set", "{\"x\":\"" + "a".repeat(2000) + "\"}", "ok:thing.set:{}", null));
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_TOO_LARGE);
        assertThat(guard.audit).containsExactly(new FakeGuard.Decision("thing.set", "REFUSED", ErrorCode.CMD_TOO_LARGE));
        assertThat(handled).isEmpty();
    }

    @Test
    void invalidOperationNameIsRefused() {
        CloudResponse r = router.process(request("Thing.GET", "{}", null, null));
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_MALFORMED);
        assertThat(guard.audit).containsExactly(new FakeGuard.Decision("-", "REFUSED", ErrorCode.CMD_MALFORMED));
    }

    @Test
    void requestWithoutResponseTopicIsAuditedButNotAnswered() {
        Incoming m = new Incoming(Topics.request(DCU, "thing.set"), "{}".getBytes(StandardCharsets.UTF_8), 1, false,
                null, null, null, List.of(), () -> { });
        router.submit(m);
        assertThat(transport.sent()).isEmpty();
        assertThat(guard.audit).containsExactly(new FakeGuard.Decision("thing.set", "REFUSED", ErrorCode.CMD_MALFORMED));
        assertThat(handled).isEmpty();
    }

    @Test
    void wildcardResponseTopicIsRefused() {
        Incoming m = new Incoming(Topics.request(DCU, "thing.get"), new byte[0], 1, false, "fums/+/x", null, null,
                List.of(), () -> { });
        router.submit(m);
        assertThat(transport.sent()).isEmpty();
        assertThat(guard.audit).hasSize(1);
    }

    @Test
    void stateChangingRequestWithoutSignatureIsRefusedByTheGuard() {
        CloudResponse r = router.process(request("thing.set", "{\"v\":1}", null, null));
        assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_UNSIGNED);
        assertThat(guard.audit).containsExactly(new FakeGuard.Decision("thing.set", "REFUSED", ErrorCode.CMD_UNSIGNED));
        assertThat(handled).isEmpty();
    }

    @Test
    void guardRefusalsAreAnsweredWithTheirCode() {
        for (ErrorCode c : new ErrorCode[] {ErrorCode.CMD_SIGNATURE_INVALID, ErrorCode.CMD_EXPIRED,
            ErrorCode.CMD_WRONG_TARGET, ErrorCode.CMD_REPLAYED}) {
            CloudResponse r = router.process(request("thing.set", "{}", "refuse:" + c.name(), null));
            assertThat(r.code()).isEqualTo(c);
            assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void signedRequestReachesTheHandlerWithTheSignedBody() {
        router.submit(request("thing.set", "{\"v\": 1}", "ok:thing.set:{\"v\":1}", null));
        assertThat(json(single()).get("status").getAsString()).isEqualTo("ok");
        assertThat(handled).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(RequestKind.EXEC);
            assertThat(h.bodyJson()).isEqualTo("{\"v\":1}");
            assertThat(h.actor()).isEqualTo("op-key-1");
        });
        assertThat(guard.audit).containsExactly(new FakeGuard.Decision("thing.set", "OK", null));
    }

    @Test
    void signedRequestWithEmptyPayloadUsesTheSignedBody() {
        router.submit(request("thing.set", "", "ok:thing.set:{\"v\":2}", null));
        assertThat(handled).singleElement().extracting(CloudRequest::bodyJson).isEqualTo("{\"v\":2}");
    }

    @Test
    void payloadThatDiffersFromTheSignedBodyIsRefused() {
        CloudResponse r = router.process(request("thing.set", "{\"v\":2}", "ok:thing.set:{\"v\":1}", null));
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_MALFORMED);
        assertThat(r.message()).contains("differs from the body the operator signed");
        assertThat(handled).isEmpty();
    }

    @Test
    void signatureForAnotherOperationIsRefused() {
        CloudResponse r = router.process(request("thing.set", "{}", "ok:other.op:{}", null));
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_MALFORMED);
        assertThat(handled).isEmpty();
    }

    @Test
    void twoSignaturesAreRefused() {
        Incoming m = new Incoming(Topics.request(DCU, "thing.set"), new byte[0], 1, false, RESPONSE_TOPIC, null, null,
                List.of(Map.entry(Topics.SIGNATURE_PROPERTY, "ok:thing.set:{}"),
                        Map.entry(Topics.SIGNATURE_PROPERTY, "ok:thing.set:{}")), () -> { });
        assertThat(router.process(m).code()).isEqualTo(ErrorCode.CMD_MALFORMED);
        assertThat(handled).isEmpty();
    }

    @Test
    void handlerFailuresBecomeFailedResponses() {
        CloudResponse failed = router.process(request("thing.get", "{\"fail\":1}", null, null));
        assertThat(failed.status()).isEqualTo(ResponseStatus.FAILED);
        assertThat(failed.code()).isEqualTo(ErrorCode.SWAP_FAILED);
        CloudResponse bug = router.process(request("thing.get", "{\"boom\":1}", null, null));
        assertThat(bug.status()).isEqualTo(ResponseStatus.FAILED);
        assertThat(bug.code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void requestLevelCodesAreRefusalsOtherCodesFailures() {
        assertThat(RequestRouter.statusOf(ErrorCode.PKG_HASH_MISMATCH)).isEqualTo(ResponseStatus.REFUSED);
        assertThat(RequestRouter.statusOf(ErrorCode.CMD_MALFORMED)).isEqualTo(ResponseStatus.REFUSED);
        assertThat(RequestRouter.statusOf(ErrorCode.SWAP_UNHEALTHY)).isEqualTo(ResponseStatus.FAILED);
        assertThat(RequestRouter.statusOf(ErrorCode.STORAGE_FAILED)).isEqualTo(ResponseStatus.FAILED);
    }

    @Test
    void responseIsDroppedQuietlyWhenDisconnected() {
        transport.disconnect();
        router.submit(request("thing.get", "{}", null, null));
        assertThat(handled).hasSize(1);
        assertThat(transport.sent()).isEmpty();
    }

    @Test
    void handlerRegisteredDuringTheGracePeriodIsWaitedFor() throws Exception {
        RequestRouter starting = new RequestRouter(DCU, handlers, guard, transport, 1024, new DirectExecutor(),
                Clock.systemUTC(), 5_000);
        Thread caller = Thread.currentThread();
        Thread late = new Thread(() -> {
            Conditions.await("the request waits for its handler")
                    .until(() -> caller.getState() == Thread.State.TIMED_WAITING);
            handlers.add(r -> CloudResponse.ok(null), Map.of(RequestHandler.OPERATIONS, "late.op",
                    RequestHandler.READ_ONLY, "late.op"));
        });
        late.start();
        CloudResponse r = starting.process(request("late.op", "{}", null, null));
        late.join();
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
    }

    /** SEC-4: registers relay.open (dual control) and relay.close (one signature) beside thing.*. */
    private void relayHandler() {
        handlers.add(request -> {
            handled.add(request);
            return CloudResponse.ok(Map.of());
        }, Map.of(RequestHandler.OPERATIONS, new String[] {"relay.open", "relay.close"},
                RequestHandler.DUAL_CONTROL, "relay.open"));
    }

    @Test
    @Tag("SEC-4")
    void sec4ADualControlOperationWithOneSignatureIsRefusedBeforeItsNonceIsUsed() {
        relayHandler();
        CloudResponse r = router.process(request("relay.open", "{\"m\":1}", "ok:relay.open:{\"m\":1}", null));
        assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        assertThat(r.message()).contains("two distinct operator keys");
        assertThat(handled).isEmpty();
        // the same command, now co-signed, is admitted: the refusal did not burn its nonce
        CloudResponse ok = router.process(request("relay.open", "{\"m\":1}", "cosigned=op-key-2;ok:relay.open:{\"m\":1}",
                null));
        assertThat(ok.status()).isEqualTo(ResponseStatus.OK);
        assertThat(handled).singleElement().satisfies(h ->
                assertThat(h.command().orElseThrow().signerKeyIds()).containsExactly("op-key-1", "op-key-2"));
        assertThat(guard.audit).extracting(FakeGuard.Decision::code).containsExactly(ErrorCode.CMD_DUAL_CONTROL_REQUIRED, null);
    }

    @Test
    @Tag("SEC-4")
    void sec4ADualControlOperationSignedTwiceByTheSameKeyIsRefused() {
        relayHandler();
        CloudResponse r = router.process(request("relay.open", "{\"m\":1}", "cosigned=op-key-1;ok:relay.open:{\"m\":1}", null));
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        assertThat(handled).isEmpty();
        assertThat(router.process(request("relay.close", "{\"m\":1}", "ok:relay.close:{\"m\":1}", null)).status())
                .as("an operation not declared dual-control needs one signature").isEqualTo(ResponseStatus.OK);
    }

    @Test
    @Tag("SEC-4")
    void sec4AHandlerDeclaringAReadOnlyOrForeignOperationDualControlIsIgnored() {
        HandlerRegistry h = new HandlerRegistry();
        assertThat(h.add(request -> CloudResponse.ok(Map.of()), Map.of(RequestHandler.OPERATIONS, "a.get",
                RequestHandler.READ_ONLY, "a.get", RequestHandler.DUAL_CONTROL, "a.get"))).isEmpty();
        assertThat(h.add(request -> CloudResponse.ok(Map.of()), Map.of(RequestHandler.OPERATIONS, "a.set",
                RequestHandler.DUAL_CONTROL, "b.set"))).isEmpty();
    }

    private static Incoming request(String op, String payload, String signature, AtomicInteger acks) {
        List<Map.Entry<String, String>> props = signature == null ? List.of()
                : List.of(Map.entry(Topics.SIGNATURE_PROPERTY, signature));
        return new Incoming(Topics.request(DCU, op), payload.getBytes(StandardCharsets.UTF_8), 1, false,
                RESPONSE_TOPIC, new byte[] {7, 8, 9}, Topics.JSON, props, () -> {
                    if (acks != null) {
                        acks.incrementAndGet();
                    }
                });
    }

    private Outgoing single() {
        assertThat(transport.sent()).hasSize(1);
        return transport.sent().get(0);
    }

    private static JsonObject json(Outgoing o) {
        try {
            return Json.parseObject(o.payload(), ErrorCode.INTERNAL, "response");
        } catch (FumsException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs tasks on the caller's thread. */
    static final class DirectExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
