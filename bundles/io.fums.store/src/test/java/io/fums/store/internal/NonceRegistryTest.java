package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.NonceRegistry;
import io.fums.testsupport.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("SEC-3")
@Tag("SEC-4")
class NonceRegistryTest {

    private static final long T0 = 1_770_000_000_000L;
    private static final Duration GRACE = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    /** Here the wall clock moves as time passes (no step): monotonic time runs with it. */
    private final java.util.function.LongSupplier monotonic = () -> (clock.millis() - T0) * 1_000_000L;
    private SqliteDatabase db;
    private SqliteNonceRegistry registry;

    @BeforeEach
    void open() throws FumsException {
        db = SqliteDatabase.open(dir);
        registry = new SqliteNonceRegistry(db, clock, GRACE, monotonic);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long stored() throws Exception {
        try (Connection c = RawSql.connect(db.file()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM nonce")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aNonceIsAcceptedOnceAndItsReplayRefused() throws Exception {
        assertThat(registry.register("op-key-1", "n-1", T0 + 60_000)).isTrue();
        assertThat(registry.register("op-key-1", "n-1", T0 + 60_000)).isFalse();
        assertThat(registry.register("op-key-1", "n-1", T0 + 999_999)).isFalse();
        assertThat(registry.register("op-key-1", "n-2", T0 + 60_000)).isTrue();
        assertThat(registry.register("op-key-2", "n-1", T0 + 60_000)).isTrue();
    }

    @Test
    void aReplayIsRefusedAfterTheDatabaseIsReopened() throws Exception {
        assertThat(registry.register("op-key-1", "n-1", T0 + 60_000)).isTrue();
        // durable before returning: another connection sees it at once
        assertThat(stored()).isEqualTo(1);
        db.close();

        db = SqliteDatabase.open(dir);
        registry = new SqliteNonceRegistry(db, clock, GRACE, monotonic);
        assertThat(registry.register("op-key-1", "n-1", T0 + 60_000)).isFalse();
    }

    @Test
    void anExpiredCommandIsRefusedAndItsNonceNotRecorded() throws Exception {
        assertThatThrownBy(() -> registry.register("op-key-1", "n-1", T0))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_EXPIRED));
        assertThat(stored()).isZero();
        assertThat(registry.register("op-key-1", "n-1", T0 + 1)).isTrue();
    }

    @Test
    void malformedIssuerOrNonceIsRefused() throws Exception {
        String tooLong = "n".repeat(NonceRegistry.MAX_LENGTH + 1);
        for (String[] bad : new String[][] {{"", "n"}, {"k", ""}, {null, "n"}, {"k", null}, {"k", tooLong},
            {tooLong, "n"}, {"k", "a\u0000b"}}) {
            assertThatThrownBy(() -> registry.register(bad[0], bad[1], T0 + 60_000))
                    .isInstanceOfSatisfying(FumsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CMD_MALFORMED));
        }
        assertThat(registry.register("k", "n".repeat(NonceRegistry.MAX_LENGTH), T0 + 60_000)).isTrue();
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void expiredNoncesArePrunedOnlyAfterTheGracePeriod() throws Exception {
        registry.register("k", "short", T0 + 1_000);
        registry.register("k", "long", T0 + Duration.ofDays(1).toMillis());

        clock.advance(2_000); // "short" expired, but within the grace period
        assertThat(registry.prune()).isZero();
        assertThat(registry.register("k", "short", clock.millis() + 1_000)).isFalse();

        clock.advance(GRACE.toMillis());
        assertThat(registry.prune()).isEqualTo(1);
        assertThat(stored()).isEqualTo(1);
        assertThat(registry.register("k", "long", clock.millis() + 1_000)).isFalse();
    }

    @Test
    void registerPrunesFromTimeToTime() throws Exception {
        registry.register("k", "old", T0 + 1_000);
        clock.advance(GRACE.toMillis() + 2 * 60_000);
        assertThat(registry.register("k", "new", clock.millis() + 1_000)).isTrue();
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsOfOneNonceAcceptExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Boolean> task = () -> {
                    start.await();
                    return registry.register("k", "same", T0 + 60_000);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> f : results) {
                accepted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
