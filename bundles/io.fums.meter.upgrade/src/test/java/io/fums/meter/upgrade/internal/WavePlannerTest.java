package io.fums.meter.upgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.meter.upgrade.RolloutPolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WavePlannerTest {

    private static List<Integer> meters(int n) {
        return IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    private static RolloutPolicy waves(String... w) {
        return new RolloutPolicy(List.of(w), 1, 3, Duration.ofSeconds(1), Duration.ofSeconds(8), "1");
    }

    @Test
    void canaryThenTenPercentThenTheRest() {
        List<List<Integer>> w = WavePlanner.plan(meters(50), waves("1", "10%", "rest"));
        assertThat(w).extracting(List::size).containsExactly(1, 5, 44);
        assertThat(w.get(0)).containsExactly(1);
        assertThat(w.get(1)).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void theLastWaveTakesTheRemainderAndEmptyWavesAreDropped() {
        assertThat(WavePlanner.plan(meters(3), waves("1", "10%", "5"))).extracting(List::size).containsExactly(1, 1, 1);
        assertThat(WavePlanner.plan(meters(2), waves("5", "rest"))).extracting(List::size).containsExactly(2);
        assertThat(WavePlanner.plan(meters(0), waves("1", "rest"))).isEmpty();
        assertThat(WavePlanner.plan(meters(10), waves("rest", "1"))).extracting(List::size).containsExactly(10);
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        RolloutPolicy p = waves("rest");
        assertThat(p.backoffFor(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoffFor(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoffFor(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.backoffFor(10)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void errorThresholdByCountOrPercentage() {
        RolloutPolicy one = waves("rest");
        assertThat(one.thresholdReached(0, 10)).isFalse();
        assertThat(one.thresholdReached(1, 10)).isTrue();
        RolloutPolicy fifth = new RolloutPolicy(List.of("rest"), 1, 1, Duration.ZERO, Duration.ZERO, "20%");
        assertThat(fifth.thresholdReached(1, 10)).isFalse();
        assertThat(fifth.thresholdReached(2, 10)).isTrue();
        assertThat(fifth.thresholdReached(1, 1)).isTrue();
    }

    @Test
    void invalidPoliciesAreRefusedNamingThePart() {
        assertThatThrownBy(() -> waves("0")).hasMessageContaining("wave '0'");
        assertThatThrownBy(() -> waves("150%")).hasMessageContaining("wave '150%'");
        assertThatThrownBy(() -> new RolloutPolicy(List.of("rest"), 0, 1, Duration.ZERO, Duration.ZERO, "1"))
                .hasMessageContaining("concurrencyPerLink");
        assertThatThrownBy(() -> new RolloutPolicy(List.of("rest"), 1, 1, Duration.ZERO, Duration.ZERO, "x"))
                .hasMessageContaining("errorThreshold");
    }
}
