package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault soak of the test suite: 12 DCU faults, 10 of them
 * (-Dfums.soak.powerCuts=N) real power cuts on LazyFS (issue 16: the kill, then
 * every write not fsynced is lost), with meter power cuts, campaigns and
 * software swaps, and zero invariant violations. A DCU start on LazyFS takes
 * about twice as long, so the soak makes 12 faults instead of the 20 kills it
 * made before, to stay within the suite's time budget (a power cut is a kill
 * and more). Where LazyFS or FUSE is unavailable, it makes 20 kills and ends as
 * skipped (aborted), with the reason, after the kills' checks. Between the
 * faults the broker is restarted 2 times (-Dfums.soak.brokerFlaps=N; issue 16's
 * broker flapping): the DCU is back within its reconnect backoff's bound each
 * time, and every meter's result reaches the console with one event id.
 * -Dfums.soak.kills=N for more faults; bench/soak.sh --power-cuts N for long runs.
 */
@Tag("ARC-4")
@Tag("UMS-2")
@Tag("UC-2")
@Tag("SEC-6")
@Tag("CARD-2")
class FaultSoakE2EIT {

    @TempDir
    Path tmp;

    @Test
    void campaignsAndSwapsSurviveKillsAndPowerCutsWithEveryInvariantKept() throws Exception {
        long seed = Long.getLong("fums.seed", System.nanoTime());
        boolean lazyFs = LazyFs.unavailable().isEmpty();
        int powerCuts = Integer.getInteger("fums.soak.powerCuts", 10);
        int kills = Integer.getInteger("fums.soak.kills", lazyFs && powerCuts > 0 ? Math.max(12, powerCuts) : 20);
        int flaps = Integer.getInteger("fums.soak.brokerFlaps", 2);
        FaultSoak.Result r = new FaultSoak(tmp, seed, System.out).run(kills, powerCuts, flaps);
        System.out.println(r);
        assertThat(r.violations()).as(r.toString()).isEmpty();
        assertThat(r.kills()).isEqualTo(kills);
        assertThat(r.brokerFlaps()).as("broker restarts").isEqualTo(flaps);
        assertThat(r.campaigns()).as("campaigns completed despite the kills").isGreaterThanOrEqualTo(1);
        Assumptions.assumeTrue(r.powerCutsSkipped() == null,
                () -> "the kills passed, but the DCU power cuts did not run: " + r.powerCutsSkipped());
        assertThat(r.dcuPowerCuts()).as("DCU power cuts on LazyFS").isEqualTo(powerCuts);
    }
}
