package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.Database;
import io.fums.store.Migration;
import io.fums.store.NonceRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** {@link NonceRegistry} in the {@code nonce} table of a {@link Database}. */
public final class SqliteNonceRegistry implements NonceRegistry {

    static final String OWNER = "nonce";
    /** Default grace period after expiry before a nonce is pruned. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    private static final long PRUNE_INTERVAL_MILLIS = 60_000;

    private static final List<Migration> MIGRATIONS = List.of(
            Migration.sql(1, "nonces of signed commands",
                    "CREATE TABLE nonce ("
                            + " issuer TEXT NOT NULL,"
                            + " nonce TEXT NOT NULL,"
                            + " expires_at INTEGER NOT NULL,"
                            + " registered_at INTEGER NOT NULL,"
                            + " PRIMARY KEY (issuer, nonce)) WITHOUT ROWID",
                    "CREATE INDEX nonce_expiry ON nonce (expires_at)"));

    private final Database db;
    private final Clock clock;
    private final long graceMillis;
    private final AtomicLong lastPrune = new AtomicLong(Long.MIN_VALUE);
    private final LongSupplier nanoTime;
    private final long startWallMillis;
    private final long startNanos;

    /**
     * A registry; migrates its schema.
     *
     * @param db the database
     * @param clock the clock for expiry checks and pruning
     * @param grace how long after its expiry a nonce is kept
     * @throws FumsException {@code STORAGE_FAILED} if the schema cannot be migrated
     */
    public SqliteNonceRegistry(Database db, Clock clock, Duration grace) throws FumsException {
        this(db, clock, grace, System::nanoTime);
    }

    /**
     * A registry whose pruning never runs ahead of monotonic time: a wall
     * clock stepped forward (issue 16) does not prune a nonce early, so a
     * later step back cannot re-open its command to a replay. Expiry (refusal
     * of an expired command) is still judged on the wall clock.
     *
     * @param nanoTime the monotonic time ({@code System::nanoTime} in the DCU)
     */
    public SqliteNonceRegistry(Database db, Clock clock, Duration grace, LongSupplier nanoTime) throws FumsException {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.startWallMillis = clock.millis();
        this.startNanos = nanoTime.getAsLong();
        if (grace.isNegative()) {
            throw new IllegalArgumentException("nonce grace period must not be negative: " + grace);
        }
        this.graceMillis = grace.toMillis();
        db.migrate(OWNER, MIGRATIONS);
    }

    @Override
    public boolean register(String issuerKeyId, String nonce, long expiresAtMillis) throws FumsException {
        check("issuer key id", issuerKeyId);
        check("nonce", nonce);
        long now = clock.millis();
        if (expiresAtMillis <= now) {
            throw new FumsException(ErrorCode.CMD_EXPIRED, "command expired at " + expiresAtMillis
                    + " (now " + now + "): its nonce is not registered");
        }
        long last = lastPrune.get();
        boolean due = last == Long.MIN_VALUE || now < last || now - last >= PRUNE_INTERVAL_MILLIS;
        boolean prune = due && lastPrune.compareAndSet(last, now);
        return db.write(c -> {
            if (prune) {
                deleteExpired(c, now);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO nonce (issuer, nonce, expires_at, registered_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (issuer, nonce) DO NOTHING")) {
                ps.setString(1, issuerKeyId);
                ps.setString(2, nonce);
                ps.setLong(3, expiresAtMillis);
                ps.setLong(4, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int prune() throws FumsException {
        long now = clock.millis();
        lastPrune.set(now);
        return db.write(c -> deleteExpired(c, now));
    }

    /**
     * The wall time a prune may trust: the wall clock, but never further from
     * this registry's start than monotonic time has run. A forward step delays
     * pruning (until a restart at the latest); a backward step only prunes less.
     */
    private long pruneHorizon(long now) {
        long ran = (nanoTime.getAsLong() - startNanos) / 1_000_000L;
        return Math.min(now, startWallMillis + Math.max(0, ran));
    }

    private int deleteExpired(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nonce WHERE expires_at < ?")) {
            ps.setLong(1, pruneHorizon(now) - graceMillis);
            return ps.executeUpdate();
        }
    }

    private static void check(String what, String value) throws FumsException {
        if (value == null || value.isEmpty()) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "command " + what + " is missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw new FumsException(ErrorCode.CMD_MALFORMED,
                    "command " + what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "command " + what + " contains NUL");
        }
    }
}
