package io.fums.emulator.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.MeterResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's fleet store (real SQLite): a rollout and its DCUs survive a reopen, transitions are compare-and-set,
 * a meter result is counted once however often it is delivered, and the trail records every change.
 *
 * <p>Proves: UMS-3 (durable rollout state, results counted once), ARC-2.
 */
class FleetStoreTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private static RolloutSpec spec() {
        return new RolloutSpec("r1", RolloutSpec.METER_FIRMWARE, "/p/fw.zip", "a".repeat(64), 10, "fw", "2.0.0",
                List.of("FUMS-EM-1"), List.of("faster"), List.of("clock"),
                JsonParser.parseString("{\"id\":\"fleet-r1\"}").getAsJsonObject(),
                FleetSelector.of(List.of("region=north"), "FUMS-EM-1", null, null), "1,rest", 4, "20%", "10%", 600);
    }

    @Test
    void rolloutsDcusAndResultsAreDurableAndCountedOnce(@TempDir Path dir) throws Exception {
        try (FleetStore s = FleetStore.open(dir, clock)) {
            assertThat(s.create(spec(), List.of("D1", "D2"), List.of(1, 2))).isTrue();
            assertThat(s.create(spec(), List.of("D9"), List.of(1))).as("the id exists").isFalse();
            assertThat(s.transition("r1", Set.of(FleetStore.CREATED), FleetStore.RUNNING, null)).isTrue();
            assertThat(s.transition("r1", Set.of(FleetStore.CREATED), FleetStore.RUNNING, null)).isFalse();
            assertThat(s.dcuTransition("r1", "D1", EnumSet.of(DcuState.PENDING), DcuState.STARTING, null, "starting",
                    null, null)).isTrue();
            assertThat(s.dcuTransition("r1", "D1", EnumSet.of(DcuState.PENDING), DcuState.STARTING, null, "again",
                    null, null)).as("not twice").isFalse();
            s.dcuTransition("r1", "D1", EnumSet.of(DcuState.STARTING), DcuState.RUNNING, null, "started", 3, null);
            MeterResult m1 = new MeterResult("r1", "D1", "fleet-r1", "m-1", "SUCCEEDED", null, "runs 2.0.0", null,
                    "mr-1", "event", "w1", null);
            assertThat(s.recordResult(m1)).isTrue();
            assertThat(s.recordResult(m1)).as("the same event again").isFalse();
            assertThat(s.recordResult(new MeterResult("r1", "D1", "fleet-r1", "m-1", "SUCCEEDED", null, "x", null,
                    null, "poll", "driver", null))).as("the same result from a status poll").isFalse();
            assertThat(s.recordResult(new MeterResult("r1", "D1", "fleet-r1", "m-2", "REVERTED",
                    "METER_SELF_CHECK_FAILED", "m", null, "mr-2", "event", "w2", null))).isTrue();
        }
        try (FleetStore s = FleetStore.open(dir, clock)) {
            FleetStore.Rollout r = s.rollout("r1").orElseThrow();
            assertThat(r.state()).isEqualTo(FleetStore.RUNNING);
            assertThat(r.spec()).isEqualTo(spec());
            assertThat(s.dcus("r1")).extracting(FleetStore.RolloutDcu::state)
                    .containsExactly(DcuState.RUNNING, DcuState.PENDING);
            assertThat(s.dcus("r1").get(0).metersTotal()).isEqualTo(3);
            assertThat(s.dcus("r1").get(0).startedAt()).isEqualTo(clock.instant());
            assertThat(s.counts("r1").get("D1")).isEqualTo(new FleetStore.Counts(1, 1, 0));
            assertThat(s.results("r1", "D1")).extracting(MeterResult::meterId).containsExactly("m-1", "m-2");
            assertThat(s.workers()).extracting(FleetStore.WorkerStats::worker).containsExactly("driver", "w1", "w2");
            assertThat(s.workers().get(1)).isEqualTo(new FleetStore.WorkerStats("w1", 2, 1, 1));
            assertThat(s.log("r1")).extracting(FleetStore.LogEntry::message).contains("CREATED -> RUNNING",
                    "PENDING -> STARTING: starting", "STARTING -> RUNNING: started");
        }
    }
}
