package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.cloud.mqtt.client.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonAndStateTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void strictParsing() throws FumsException {
        JsonObject o = Json.parseObject("{\"a\":[1,2.5,\"x\",null,true],\"b\":{}}".getBytes(StandardCharsets.UTF_8),
                ErrorCode.CMD_MALFORMED, "t");
        assertThat(o.getAsJsonArray("a")).hasSize(5);
        for (String bad : new String[] {"", "{", "{'a':1}", "{a:1}", "{\"a\":1}{}", "{\"a\":1,}", "{\"a\":NaN}",
            "{\"a\":1,\"a\":1}", "{\"o\":{\"a\":1,\"a\":2}}", "[]"}) {
            assertThatThrownBy(() -> Json.parseObject(bad.getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED, "t"))
                    .as(bad).isInstanceOf(FumsException.class);
        }
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThatThrownBy(() -> Json.parseObject(deep.getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED, "t"))
                .hasMessageContaining("nested");
    }

    @Test
    void dataValuesSerialise() {
        String s = Json.GSON.toJson(Json.tree(Map.of("t", Instant.parse("2026-03-01T12:00:00Z"), "e", ErrorCode.CMD_UNKNOWN,
                "l", List.of(1, "x"), "n", 3)));
        assertThat(s).contains("\"t\":\"2026-03-01T12:00:00Z\"").contains("\"e\":\"CMD_UNKNOWN\"").contains("\"l\":[1,\"x\"]");
    }

    @Test
    void eventsAreValidatedAndHaveUniqueIds() {
        assertThatThrownBy(() -> CloudEvent.builder("Bad Kind")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudEvent.builder("alarm").id("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CloudEvent.builder("alarm").build().id()).isNotEqualTo(CloudEvent.builder("alarm").build().id());
    }

    @Test
    void birthHasSectionsAndAMeterPlaceholderWillAndFarewellAreOffline() throws FumsException {
        StatePublisher p = new StatePublisher(DeviceId.of("DCU-5"), CLOCK);
        StateContributor sw = () -> Map.of("generation", 3);
        assertThat(p.add("software", sw)).isTrue();
        assertThat(p.add("online", () -> true)).isFalse();
        assertThat(p.add("bad-name", () -> 1)).isFalse();
        assertThat(p.add("broken", () -> {
            throw new IllegalStateException("x");
        })).isTrue();
        Outgoing birth = p.birth();
        assertThat(birth.topic()).isEqualTo("fums/v1/DCU-5/state");
        assertThat(birth.retained()).isTrue();
        assertThat(birth.qos()).isEqualTo(1);
        JsonObject b = Json.parseObject(birth.payload(), ErrorCode.INTERNAL, "birth");
        assertThat(b.get("online").getAsBoolean()).isTrue();
        assertThat(b.get("dcuId").getAsString()).isEqualTo("DCU-5");
        assertThat(b.get("time").getAsString()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(b.getAsJsonObject("software").get("generation").getAsInt()).isEqualTo(3);
        assertThat(b.has("broken")).isFalse();
        assertThat(b.getAsJsonObject("meters").get("available").getAsBoolean()).isFalse();
        JsonObject will = Json.parseObject(p.will().payload(), ErrorCode.INTERNAL, "will");
        assertThat(will.get("online").getAsBoolean()).isFalse();
        assertThat(will.get("reason").getAsString()).isEqualTo("connection lost");
        assertThat(p.will().retained()).isTrue();
        JsonObject bye = Json.parseObject(p.farewell("stopped").payload(), ErrorCode.INTERNAL, "farewell");
        assertThat(bye.get("reason").getAsString()).isEqualTo("stopped");
        p.remove("software", sw);
        assertThat(Json.parseObject(p.birth().payload(), ErrorCode.INTERNAL, "b").has("software")).isFalse();
    }
}
