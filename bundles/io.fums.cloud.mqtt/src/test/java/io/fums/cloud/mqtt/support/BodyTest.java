package io.fums.cloud.mqtt.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Request bodies as handlers of other bundles read them. */
class BodyTest {

    @Test
    void typedMembersWithTheirDefaults() throws FumsException {
        Body b = Body.of("x.op", "{\"id\":\"a\",\"n\":7,\"at\":\"2026-03-01T12:00:00Z\"}", Set.of("id", "n", "at", "opt"));
        assertThat(b.string("id")).isEqualTo("a");
        assertThat(b.optString("opt")).isNull();
        assertThat(b.optLong("n", 1, 0, 10)).isEqualTo(7);
        assertThat(b.optLong("opt", 3, 0, 10)).isEqualTo(3);
        assertThat(b.optInstant("at")).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }

    @Test
    void everyProblemIsMalformedAndStartsWithTheOperation() {
        malformed(() -> Body.of("x.op", "{\"other\":1}", Set.of("id")), "x.op: unknown field 'other' (allowed: [id])");
        malformed(() -> Body.of("x.op", "{}", Set.of("id")).string("id"), "x.op: field 'id' is required");
        malformed(() -> Body.of("x.op", "{\"id\":5}", Set.of("id")).string("id"), "x.op: field 'id' must be a string");
        malformed(() -> Body.of("x.op", "{\"n\":2.5}", Set.of("n")).optLong("n", 0, 0, 9), "field 'n' must be an integer");
        malformed(() -> Body.of("x.op", "{\"n\":20}", Set.of("n")).optLong("n", 0, 0, 9), "field 'n' must be 0..9: 20");
        malformed(() -> Body.of("x.op", "{\"at\":\"noon\"}", Set.of("at")).optInstant("at"), "RFC 3339");
    }

    @Test
    void parseObjectIsStrict() throws FumsException {
        assertThat(Body.parseObject("x.op", "{\"a\":{\"b\":[1,2]}}").getAsJsonObject("a").getAsJsonArray("b")).hasSize(2);
        malformed(() -> Body.parseObject("x.op", "{\"a\":1,\"a\":2}"), "x.op body has the member 'a' twice");
        malformed(() -> Body.parseObject("x.op", "{\"a\":1} {}"), "x.op body ");
        malformed(() -> Body.parseObject("x.op", "[1]"), "x.op body must be a JSON object");
        malformed(() -> Body.parseObject("x.op", "{a:1}"), "x.op body is not valid JSON");
    }

    private static void malformed(Executable call, String message) {
        assertThatThrownBy(call::execute).isInstanceOf(FumsException.class).hasMessageContaining(message)
                .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CMD_MALFORMED);
    }
}
