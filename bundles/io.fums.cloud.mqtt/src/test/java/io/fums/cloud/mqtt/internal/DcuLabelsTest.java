package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DCU's labels: parsed and bounded from the configuration, refused with a clear message otherwise, and published
 * in the birth, the Will and the farewell.
 *
 * <p>Proves: ARC-2 (the DCU tells the fleet head-end what selects it), UMS-1.
 */
class DcuLabelsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void labelsAreParsedSortedAndBounded() throws FumsException {
        assertThat(DcuLabels.parse("")).isEmpty();
        assertThat(DcuLabels.parse(" region=north , group=feeder-7"))
                .containsExactly(Map.entry("group", "feeder-7"), Map.entry("region", "north"));
        for (String bad : new String[] {"region", "Region=n", "region=", "region=has space", "a=1,a=2",
            "k=" + "v".repeat(65), "k".repeat(33) + "=v", "region=north,"}) {
            assertThatThrownBy(() -> DcuLabels.parse(bad)).as(bad).isInstanceOf(FumsException.class)
                    .hasMessageContaining("labels")
                    .satisfies(e -> assertThat(((FumsException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < DcuLabels.MAX_LABELS + 1; i++) {
            many.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        }
        assertThatThrownBy(() -> DcuLabels.parse(many.toString())).hasMessageContaining("more than 16 labels");
    }

    @Test
    void birthWillAndFarewellCarryTheLabels() throws FumsException {
        StatePublisher p = new StatePublisher(DeviceId.of("DCU-7"), CLOCK, false, DcuLabels.parse("region=north,group=g1"));
        assertThat(p.add("labels", () -> Map.of("x", "y"))).as("reserved").isFalse();
        for (Outgoing o : new Outgoing[] {p.birth(), p.will(), p.farewell("stopped")}) {
            JsonObject s = Json.parseObject(o.payload(), ErrorCode.INTERNAL, "state");
            assertThat(s.getAsJsonObject("labels").get("region").getAsString()).isEqualTo("north");
            assertThat(s.getAsJsonObject("labels").get("group").getAsString()).isEqualTo("g1");
        }
        JsonObject none = Json.parseObject(new StatePublisher(DeviceId.of("D"), CLOCK).birth().payload(),
                ErrorCode.INTERNAL, "state");
        assertThat(none.getAsJsonObject("labels").size()).isZero();
    }
}
