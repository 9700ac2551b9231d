package io.fums.emulator.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.fums.emulator.console.fleet.FleetStore.Counts;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rules of a fleet rollout, without I/O and with the time given: waves (canary, percentage, rest), DCUs at once,
 * the fleet thresholds (failed DCUs, failed meters; excluded DCUs do not count), offline DCUs waited for until their
 * deadline, the selector (labels, meter device type and firmware, software version).
 *
 * <p>Proves: ARC-2, ARC-3, UMS-1, UMS-3, UC-1.
 */
@Tag("ARC-2")
@Tag("UMS-1")
@Tag("UMS-3")
class RolloutPlannerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final Map<String, RolloutDcu> dcus = new java.util.LinkedHashMap<>();
    private final Map<String, Counts> counts = new HashMap<>();
    private final Set<String> offline = new java.util.HashSet<>();

    private static RolloutSpec spec(String waves, int parallel, String dcuThreshold, String meterThreshold) {
        return new RolloutSpec("r1", RolloutSpec.METER_FIRMWARE, "/p/fw.zip", "0".repeat(64), 10, "fw", "2.0.0",
                List.of("FUMS-EM-1"), List.of("faster"), List.of(), JsonParser.parseString("{}").getAsJsonObject(),
                FleetSelector.all(), waves, parallel, dcuThreshold, meterThreshold, 600);
    }

    private void fleet(int n, WavePlan plan) {
        List<Integer> waves = plan.assign(n);
        for (int i = 0; i < n; i++) {
            String id = "D" + (i + 1);
            dcus.put(id, new RolloutDcu("r1", id, waves.get(i), i, DcuState.PENDING, "fleet-r1", null, null, 0, null,
                    null, null, T0));
        }
    }

    private void set(String id, DcuState s, int meters, Instant waitUntil) {
        RolloutDcu d = dcus.get(id);
        dcus.put(id, new RolloutDcu("r1", id, d.wave(), d.position(), s, d.campaignId(), null, null, meters, waitUntil,
                null, null, T0));
    }

    private RolloutPlanner.Step plan(RolloutSpec spec, Instant now) {
        return RolloutPlanner.plan(spec, new ArrayList<>(dcus.values()), counts, id -> !offline.contains(id), now);
    }

    @Test
    void wavesAreCanaryThenAShareThenTheRest() {
        assertThat(WavePlan.parse("1,25%,rest").sizes(5)).containsExactly(1, 2, 2);
        assertThat(WavePlan.parse("1,25%,rest").sizes(20)).containsExactly(1, 5, 14);
        assertThat(WavePlan.parse("1,25%").sizes(1)).containsExactly(1);
        assertThat(WavePlan.parse("2,10%").waves()).as("rest is added").containsExactly("2", "10%", "rest");
        assertThat(WavePlan.parse("1,25%,rest").assign(5)).containsExactly(1, 2, 2, 3, 3);
        for (String bad : new String[] {"0", "rest,1", "150%", "x", ""}) {
            assertThatThrownBy(() -> WavePlan.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--waves");
        }
    }

    @Test
    void thresholdsAreCountsOrShares() {
        assertThat(Threshold.parse("t", "25%").reached(1, 3)).isTrue();
        assertThat(Threshold.parse("t", "25%").reached(1, 5)).isFalse();
        assertThat(Threshold.parse("t", "0%").reached(0, 5)).as("no failure never reaches it").isFalse();
        assertThat(Threshold.parse("t", "0%").reached(1, 500)).isTrue();
        assertThat(Threshold.parse("t", "2").reached(1, 1)).isFalse();
        assertThat(Threshold.parse("t", "2").reached(2, 100)).isTrue();
        assertThatThrownBy(() -> Threshold.parse("--max-failed-dcus", "101%")).hasMessageContaining("--max-failed-dcus");
    }

    @Test
    void theNextWaveOpensWhenTheEarlierOnesAreDoneWithinMaxParallel() {
        RolloutSpec s = spec("1,25%,rest", 1, "50%", "50%");
        fleet(5, s.wavePlan());
        assertThat(plan(s, T0).start()).as("the canary alone").containsExactly("D1");
        set("D1", DcuState.RUNNING, 6, null);
        assertThat(plan(s, T0).start()).as("wave 2 waits for the canary").isEmpty();
        set("D1", DcuState.SUCCEEDED, 6, null);
        RolloutPlanner.Step step = plan(s, T0);
        assertThat(step.start()).as("max 1 at once").containsExactly("D2");
        assertThat(step.wave()).isEqualTo(2);
        set("D2", DcuState.RUNNING, 6, null);
        assertThat(plan(s, T0).start()).isEmpty();
        set("D2", DcuState.SUCCEEDED, 6, null);
        assertThat(plan(s, T0).start()).containsExactly("D3");
        set("D3", DcuState.PARTIAL, 6, null);
        assertThat(plan(spec("1,25%,rest", 10, "50%", "50%"), T0).start()).as("the rest, 10 at once")
                .containsExactly("D4", "D5");
        set("D4", DcuState.SUCCEEDED, 6, null);
        set("D5", DcuState.EXCLUDED, 0, null);
        assertThat(plan(s, T0).complete()).isTrue();
    }

    @Test
    void aFailedDcuReachingTheThresholdPausesBeforeTheLastWaveAndExcludingItLetsItGoOn() {
        RolloutSpec s = spec("1,25%,rest", 10, "25%", "50%");
        fleet(5, s.wavePlan());
        set("D1", DcuState.SUCCEEDED, 6, null);
        set("D2", DcuState.SUCCEEDED, 6, null);
        set("D3", DcuState.FAILED, 6, null);
        counts.put("D1", new Counts(6, 0, 0));
        counts.put("D2", new Counts(6, 0, 0));
        counts.put("D3", new Counts(0, 1, 0));
        RolloutPlanner.Step step = plan(s, T0);
        assertThat(step.pause()).contains("1 of 3 DCUs started failed").contains("25%");
        assertThat(step.start()).as("no further DCU").isEmpty();
        set("D3", DcuState.EXCLUDED, 6, null);
        assertThat(RolloutPlanner.failures(new ArrayList<>(dcus.values()), counts))
                .as("an excluded DCU counts no more").isEqualTo(new RolloutPlanner.Failures(2, 0, 12, 0));
        step = plan(s, T0);
        assertThat(step.pause()).isNull();
        assertThat(step.start()).containsExactly("D4", "D5");
    }

    @Test
    void failedMetersAmongTheMetersOfTheDcusStartedPauseToo() {
        RolloutSpec s = spec("1,rest", 10, "100%", "10%");
        fleet(3, s.wavePlan());
        set("D1", DcuState.RUNNING, 50, null);
        counts.put("D1", new Counts(10, 4, 0));
        assertThat(plan(s, T0).pause()).as("4 of 50 = 8%").isNull();
        counts.put("D1", new Counts(10, 5, 0));
        assertThat(plan(s, T0).pause()).contains("5 of 50 meters");
    }

    @Test
    void anOfflineDcuIsWaitedForAndStartedWhenItReturnsWithinItsDeadline() {
        RolloutSpec s = spec("rest", 10, "50%", "50%");
        fleet(3, s.wavePlan());
        offline.add("D2");
        RolloutPlanner.Step step = plan(s, T0);
        assertThat(step.start()).containsExactly("D1", "D3");
        assertThat(step.waitFor()).containsExactly("D2");
        assertThat(step.waitUntil()).isEqualTo(T0.plus(Duration.ofSeconds(600)));
        set("D1", DcuState.SUCCEEDED, 1, null);
        set("D3", DcuState.SUCCEEDED, 1, null);
        set("D2", DcuState.WAITING, 0, step.waitUntil());
        assertThat(plan(s, T0.plusSeconds(599)).start()).as("still offline").isEmpty();
        assertThat(plan(s, T0.plusSeconds(599)).complete()).isFalse();
        offline.remove("D2");
        assertThat(plan(s, T0.plusSeconds(599)).start()).as("back within the deadline").containsExactly("D2");
        offline.add("D2");
        RolloutPlanner.Step late = plan(s, T0.plusSeconds(600));
        assertThat(late.expire()).as("past the deadline").containsExactly("D2");
        assertThat(late.complete()).isTrue();
    }

    @Test
    void aWaitingDcuDoesNotHoldTheNextWave() {
        RolloutSpec s = spec("2,rest", 10, "100%", "100%");
        fleet(4, s.wavePlan());
        set("D1", DcuState.SUCCEEDED, 1, null);
        set("D2", DcuState.WAITING, 0, T0.plusSeconds(600));
        offline.add("D2");
        assertThat(plan(s, T0).start()).containsExactly("D3", "D4");
    }

    @Test
    void theSelectorTakesLabelsMeterTypesFirmwareAndSoftware() {
        FleetDcu north = FleetDcu.parse("N1", JsonParser.parseString("""
                {"online": true, "labels": {"region": "north", "group": "g1"},
                 "software": {"generation": 3, "features": [{"name": "fums-demo", "version": "1.2.0"}]},
                 "meters": {"count": 3, "types": {"FUMS-EM-1": {"count": 3, "firmware": {"1.0.0": 2, "2.0.0": 1}}}}}
                """).getAsJsonObject());
        FleetDcu will = FleetDcu.parse("S1", JsonParser.parseString("""
                {"online": false, "reason": "connection lost", "labels": {"region": "south"}}
                """).getAsJsonObject());
        assertThat(FleetSelector.of(List.of("region=north"), null, null, null).matches(north)).isTrue();
        assertThat(FleetSelector.of(List.of("region=north", "group=g2"), null, null, null).matches(north)).isFalse();
        assertThat(FleetSelector.of(List.of(), "FUMS-EM-1", "1.0.0", null).matches(north)).isTrue();
        assertThat(FleetSelector.of(List.of(), "FUMS-EM-1", "3.0.0", null).matches(north)).isFalse();
        assertThat(FleetSelector.of(List.of(), "FUMS-EM-2", null, null).matches(north)).isFalse();
        assertThat(FleetSelector.of(List.of(), null, null, "fums-demo=1.2.0").matches(north)).isTrue();
        assertThat(FleetSelector.of(List.of(), null, null, "fums-demo!=1.3.0").matches(north)).isTrue();
        assertThat(FleetSelector.of(List.of(), null, null, "fums-demo!=1.2.0").matches(north)).isFalse();
        assertThat(FleetSelector.of(List.of("region=south"), null, null, null).matches(will))
                .as("an offline DCU's Will carries its labels").isTrue();
        assertThat(will.known()).isFalse();
        FleetDcu completed = will.orLastKnown(north);
        assertThat(completed.online()).isFalse();
        assertThat(completed.meters("FUMS-EM-1")).as("from its last birth").isEqualTo(3);
        assertThat(completed.labels()).containsEntry("region", "south");
        assertThatThrownBy(() -> FleetSelector.of(List.of("Region north"), null, null, null))
                .hasMessageContaining("--label");
        assertThatThrownBy(() -> FleetSelector.of(List.of(), null, "1.0.0", null)).hasMessageContaining("--device-type");
    }
}
