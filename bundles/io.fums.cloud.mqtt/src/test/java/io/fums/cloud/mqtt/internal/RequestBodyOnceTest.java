package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.cloud.mqtt.support.Body;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One JSON codec per request (issue 14): the router parses a body once and hands the tree down
 * ({@link CloudRequest#body()}); an EXEC handler sees the text the operator signed, byte for byte, never a
 * re-serialisation of it; a GET body's text is written only when a handler asks for it.
 */
@Tag("SEC-3")
class RequestBodyOnceTest {

    private static final DeviceId DCU = DeviceId.of("DCU-1");

    private final FakeTransport transport = new FakeTransport();
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final List<CloudRequest> handled = new ArrayList<>();
    private final List<JsonObject> trees = new ArrayList<>();
    private RequestRouter router;

    @BeforeEach
    void setUp() {
        transport.connect();
        router = new RequestRouter(DCU, handlers, new FakeGuard(DCU), transport, 1024,
                new RequestRouterTest.DirectExecutor(), Clock.systemUTC(), 0);
        handlers.add(request -> {
            handled.add(request);
            Body body = Body.of(request, Set.of("b", "a", "note"));
            trees.add(request.body());
            return CloudResponse.ok(Map.of("a", String.valueOf(body.optString("note"))));
        }, Map.of(RequestHandler.OPERATIONS, new String[] {"thing.get", "thing.set"}, RequestHandler.READ_ONLY, "thing.get"));
    }

    private CloudResponse process(String op, String payload, String signature) {
        return router.process(new Incoming(Topics.request(DCU, op), payload.getBytes(StandardCharsets.UTF_8), 1, false,
                "fums/v1/console/c1/res", new byte[] {1}, Topics.JSON,
                signature == null ? List.of() : List.of(Map.entry(Topics.SIGNATURE_PROPERTY, signature)), () -> { }));
    }

    @Test
    void anExecHandlerGetsTheSignedTreeAndTheSignedTextNotARewrite() throws Exception {
        // a re-serialisation of this body would differ from the signed text (spaces, escape, member order)
        String signed = "{ \"b\" : 2, \"note\" : \"caf\\u00e9\", \"a\" : 1 }";
        CloudResponse r = process("thing.set", signed, "ok:thing.set:" + signed);
        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        CloudRequest request = handled.get(0);
        assertThat(request.bodyJson()).isEqualTo(signed);
        assertThat(trees.get(0).get("note").getAsString()).isEqualTo("café");
        assertThat(trees.get(0).keySet()).containsExactly("b", "note", "a");
    }

    @Test
    void theTreeIsEveryCallersOwnCopy() throws Exception {
        process("thing.get", "{\"a\":1}", null);
        CloudRequest request = handled.get(0);
        request.body().addProperty("a", 99);
        assertThat(request.body().get("a").getAsInt()).isEqualTo(1);
        assertThat(request.bodyJson()).as("written from the tree on demand").isEqualTo("{\"a\":1}");
    }

    @Test
    void aRequestBuiltFromTextStillParsesStrictly() {
        CloudRequest text = new CloudRequest("thing.get", io.fums.cloud.mqtt.RequestKind.GET, "{\"a\":1,\"a\":2}", null, DCU,
                "r", java.time.Instant.EPOCH);
        org.assertj.core.api.Assertions.assertThatThrownBy(text::body)
                .isInstanceOfSatisfying(io.fums.api.error.FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED))
                .hasMessageContaining("thing.get body");
    }
}
