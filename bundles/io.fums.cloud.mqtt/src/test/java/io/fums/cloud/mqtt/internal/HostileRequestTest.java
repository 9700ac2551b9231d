package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.client.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Regression tests of issue 12 items 7 and 8 (SEC-3, SEC-9): a request must
 * not choose a topic of the DCU's own tree for its response, and a copy of a
 * signed request with another body must not burn the genuine request's nonce.
 */
@Tag("SEC-3")
@Tag("SEC-9")
class HostileRequestTest {

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
            return CloudResponse.ok(Map.of("online", true, "forged", true));
        }, Map.of(RequestHandler.OPERATIONS, new String[] {"thing.get", "thing.set"},
                RequestHandler.READ_ONLY, "thing.get"));
    }

    /** Issue 12 item 7: the DCU's own state and event topics (and anything below its root) are refused. */
    @Test
    void issue12item7_aResponseTopicInsideTheDcusOwnTreeIsRefusedAuditedAndNothingIsPublished() {
        String[] own = {"fums/v1/DCU-1/state", "fums/v1/DCU-1/evt/alarm", "fums/v1/DCU-1/evt/campaign/x",
            "fums/v1/DCU-1", "fums/v1/DCU-1/req/thing.get", "fums/v1/DCU-1/anything"};
        for (String topic : own) {
            router.submit(request("thing.get", "{}", null, topic));
            router.submit(request("thing.set", "{}", "ok:thing.set:{}", topic));
        }
        assertThat(transport.sent()).as("nothing published under the DCU's identity").isEmpty();
        assertThat(handled).as("no handler ran").isEmpty();
        assertThat(guard.audit).hasSize(2 * own.length)
                .allMatch(d -> d.outcome().equals("REFUSED") && d.code() == ErrorCode.CMD_RESPONSE_TOPIC_FORBIDDEN);

        CloudResponse r = router.process(request("thing.get", "{}", null, "fums/v1/DCU-1/state"));
        assertThat(r.status()).isEqualTo(ResponseStatus.REFUSED);
        assertThat(r.code()).isEqualTo(ErrorCode.CMD_RESPONSE_TOPIC_FORBIDDEN);
        assertThat(r.message()).contains("fums/v1/DCU-1/state").contains("own topic tree");
    }

    @Test
    void issue12item7_responseTopicsOutsideTheOwnTreeAreObeyed() {
        for (String topic : new String[] {"fums/v1/console/c1/res", "fums/v1/DCU-10/state", "fums/v1/DCU-1x/evt/a",
            "replies/DCU-1/state"}) {
            router.submit(request("thing.get", "{}", null, topic));
        }
        assertThat(transport.sent()).extracting(Outgoing::topic).containsExactly("fums/v1/console/c1/res",
                "fums/v1/DCU-10/state", "fums/v1/DCU-1x/evt/a", "replies/DCU-1/state");
        assertThat(handled).hasSize(4);
    }

    /**
     * Issue 12 item 8: the forged-body copy is refused before the nonce is registered; the genuine request
     * that follows is admitted and runs; the audit shows no admission of the copy.
     */
    @Test
    void issue12item8_aForgedBodyCopyDoesNotBurnTheNonceOfTheGenuineRequest() {
        String envelope = "ok:thing.set:{\"v\":1}";
        CloudResponse forged = router.process(request("thing.set", "{\"v\":666}", envelope, "fums/v1/console/c1/res"));
        assertThat(forged.code()).isEqualTo(ErrorCode.CMD_MALFORMED);
        assertThat(forged.message()).contains("differs from the body the operator signed");
        assertThat(guard.audit).as("the copy was refused, never admitted")
                .containsExactly(new FakeGuard.Decision("thing.set", "REFUSED", ErrorCode.CMD_MALFORMED));
        assertThat(handled).isEmpty();

        CloudResponse genuine = router.process(request("thing.set", "{\"v\":1}", envelope, "fums/v1/console/c1/res"));
        assertThat(genuine.status()).as(genuine.message()).isEqualTo(ResponseStatus.OK);
        assertThat(handled).singleElement().extracting(CloudRequest::bodyJson).isEqualTo("{\"v\":1}");
        assertThat(guard.audit).containsExactly(
                new FakeGuard.Decision("thing.set", "REFUSED", ErrorCode.CMD_MALFORMED),
                new FakeGuard.Decision("thing.set", "OK", null));

        CloudResponse replay = router.process(request("thing.set", "{\"v\":1}", envelope, "fums/v1/console/c1/res"));
        assertThat(replay.code()).as("the nonce is burnt once the genuine request ran").isEqualTo(ErrorCode.CMD_REPLAYED);
    }

    private static Incoming request(String op, String payload, String signature, String responseTopic) {
        List<Map.Entry<String, String>> props = signature == null ? List.of()
                : List.of(Map.entry(Topics.SIGNATURE_PROPERTY, signature));
        return new Incoming(Topics.request(DCU, op), payload.getBytes(StandardCharsets.UTF_8), 1, false,
                responseTopic, new byte[] {1}, Topics.JSON, props, () -> { });
    }
}
