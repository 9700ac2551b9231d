package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault soak of the test suite: 20 kills (-Dfums.soak.kills=N for
 * more; bench/soak.sh runs 200) with meter power cuts, campaigns and software
 * swaps, and zero invariant violations.
 */
@Tag("ARC-4")
@Tag("UMS-2")
@Tag("UC-2")
@Tag("SEC-6")
class FaultSoakE2EIT {

    @TempDir
    Path tmp;

    @Test
    void campaignsAndSwapsSurviveKillsAndPowerCutsWithEveryInvariantKept() throws Exception {
        long seed = Long.getLong("fums.seed", System.nanoTime());
        FaultSoak.Result r = new FaultSoak(tmp, seed, System.out).run(Integer.getInteger("fums.soak.kills", 20));
        System.out.println(r);
        assertThat(r.violations()).as(r.toString()).isEmpty();
        assertThat(r.kills()).isGreaterThanOrEqualTo(20);
        assertThat(r.campaigns()).as("campaigns completed despite the kills").isGreaterThanOrEqualTo(1);
    }
}
