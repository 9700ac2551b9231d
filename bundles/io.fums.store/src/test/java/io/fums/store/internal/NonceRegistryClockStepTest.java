package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.testsupport.MutableClock;
import io.fums.testsupport.SteppingTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, clock steps: the wall clock stepped 6 hours forward and back
 * again must not re-open a command to a replay. The registry prunes on a
 * horizon that never runs ahead of monotonic time, so a nonce outlives a
 * forward step longer than its grace; pruning still happens as real time
 * passes.
 *
 * <p>Regression: the prune judged "expired + grace" on the wall clock alone;
 * after a 6 h forward step (grace 1 h) it deleted the nonce of a command
 * still valid once the clock stepped back, and the replay was accepted.
 */
@Tag("SEC-3")
class NonceRegistryClockStepTest {

    private static final long T0 = 1_770_000_000_000L;
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Duration SIX_HOURS = Duration.ofHours(6);

    @TempDir
    Path dir;

    private final SteppingTime time = new SteppingTime(Instant.ofEpochMilli(T0));
    private final MutableClock clock = time.wall();

    @Test
    void aForwardStepDoesNotPruneANonceWhoseCommandIsLiveAgainAfterTheStepBack() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir)) {
            SqliteNonceRegistry registry = new SqliteNonceRegistry(db, clock, GRACE, time::nanoTime);
            long expires = T0 + Duration.ofMinutes(10).toMillis();
            assertThat(registry.register("op", "n-live", expires)).as("admitted once").isTrue();

            time.step(SIX_HOURS); // a step, no time passes
            assertThatThrownBy(() -> registry.register("op", "n-live", expires)).as("expired by the stepped clock")
                    .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_EXPIRED));
            assertThat(registry.register("op", "n-fresh", clock.millis() + 60_000)).as("a register prunes").isTrue();
            assertThat(registry.prune()).as("nothing pruned on the stepped clock").isZero();

            time.step(SIX_HOURS.negated());
            time.pass(Duration.ofMinutes(1));
            assertThat(registry.register("op", "n-live", expires)).as("the replay after the step back").isFalse();

            time.pass(Duration.ofMinutes(10).plus(GRACE));
            assertThat(registry.prune()).as("pruned once real time passed expiry and grace").isEqualTo(1);
        }
    }
}
