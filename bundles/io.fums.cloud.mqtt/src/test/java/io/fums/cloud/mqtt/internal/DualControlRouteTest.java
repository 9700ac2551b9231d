package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.ResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Dual control (SEC-4): an operation a handler declares in
 * {@link RequestHandler#DUAL_CONTROL} reaches the handler only with the
 * signatures of two distinct operator keys; otherwise it is refused inside
 * the guard, before its nonce is used, with CMD_DUAL_CONTROL_REQUIRED.
 */
@Tag("SEC-4")
class DualControlRouteTest {

    private static final DeviceId DCU = DeviceId.of("DCU-1");

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
        router = new RequestRouter(DCU, handlers, guard, transport, 1024, new RequestRouterTest.DirectExecutor(),
                Clock.systemUTC(), 0);
        handlers.add(request -> {
            handled.add(request);
            return CloudResponse.ok(Map.of());
        }, Map.of(RequestHandler.OPERATIONS, new String[] {"relay.open", "relay.close"},
                RequestHandler.DUAL_CONTROL, "relay.open"));
    }

    private CloudResponse send(String op, String envelope) {
        return router.process(new Incoming(Topics.request(DCU, op), "{\"m\":1}".getBytes(StandardCharsets.UTF_8), 1, false,
                "fums/v1/console/c1/res", new byte[] {1}, Topics.JSON, List.of(Map.entry(Topics.SIGNATURE_PROPERTY, envelope)),
                () -> { }));
    }

    @Test
    void sec4OneSignatureIsRefusedBeforeTheNonceIsUsed() {
        CloudResponse r = send("relay.open", "ok:relay.open:{\"m\":1}");
        assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        assertThat(r.message()).contains("two distinct operator keys");
        assertThat(handled).isEmpty();
        // the same command, now co-signed, is admitted: the refusal did not burn its nonce
        assertThat(send("relay.open", "cosigned=op-key-2;ok:relay.open:{\"m\":1}").status()).isEqualTo(ResponseStatus.OK);
        assertThat(handled).singleElement().satisfies(h ->
                assertThat(h.command().orElseThrow().signerKeyIds()).containsExactly("op-key-1", "op-key-2"));
        assertThat(guard.audit).extracting(FakeGuard.Decision::code).containsExactly(ErrorCode.CMD_DUAL_CONTROL_REQUIRED, null);
    }

    @Test
    void sec4TheSameKeyTwiceIsRefused() {
        CloudResponse r = send("relay.open", "cosigned=op-key-1;ok:relay.open:{\"m\":1}");
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_DUAL_CONTROL_REQUIRED);
        assertThat(handled).isEmpty();
    }

    @Test
    void sec4AnOperationNotDeclaredNeedsOneSignature() {
        assertThat(send("relay.close", "ok:relay.close:{\"m\":1}").status()).isEqualTo(ResponseStatus.OK);
        assertThat(handled).hasSize(1);
    }

    @Test
    void sec4AHandlerDeclaringAReadOnlyOrForeignOperationDualControlIsIgnored() {
        HandlerRegistry h = new HandlerRegistry();
        assertThat(h.add(request -> CloudResponse.ok(Map.of()), Map.of(RequestHandler.OPERATIONS, "a.get",
                RequestHandler.READ_ONLY, "a.get", RequestHandler.DUAL_CONTROL, "a.get"))).isEmpty();
        assertThat(h.add(request -> CloudResponse.ok(Map.of()), Map.of(RequestHandler.OPERATIONS, "a.set",
                RequestHandler.DUAL_CONTROL, "b.set"))).isEmpty();
    }
}
