package io.fums.store;

import io.fums.api.error.FumsException;
import io.fums.store.internal.FileImageStore;
import io.fums.store.internal.SqliteAuditLog;
import io.fums.store.internal.SqliteDatabase;
import io.fums.store.internal.SqliteNonceRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens the store's parts directly on a data directory, outside an OSGi
 * framework: for tools and emulators that run on a flat class path, and for
 * tests of other modules that need the real SQLite store. They are the same
 * implementations the {@code io.fums.store} bundle registers as services,
 * with the same durability (WAL, {@code synchronous=FULL}, fsync before
 * return) and the same errors.
 *
 * <p>Inside a framework, use the services instead: the bundle owns the DCU's
 * database and closes it on stop. Opening a second {@link ClosableDatabase}
 * on a data directory that a running DCU uses is safe for SQLite (its locks
 * and the busy timeout serialise the writers) but takes write turns from it.
 *
 * <p>All methods are thread-safe; each call opens or creates something new.
 *
 * @since 1.1
 */
public final class Stores {

    /** The database file's name in a data directory. */
    public static final String DATABASE_FILE_NAME = SqliteDatabase.FILE_NAME;
    /** How long the nonce registry keeps an expired nonce when no grace is configured (24 hours). */
    public static final Duration DEFAULT_NONCE_GRACE = SqliteNonceRegistry.DEFAULT_GRACE;

    private Stores() {
    }

    /**
     * Opens (creating if needed) the database {@value #DATABASE_FILE_NAME} in
     * {@code dataDir} with the bundle's default busy timeout and read
     * connections; migrations are stamped with the system UTC clock.
     *
     * @param dataDir the data directory; created if missing
     * @return the open database; the caller closes it
     * @throws FumsException {@code STORAGE_FAILED} if it cannot be opened,
     *     {@code STORAGE_CORRUPT} if the file is not a database
     */
    public static ClosableDatabase openDatabase(Path dataDir) throws FumsException {
        return openDatabase(dataDir, Clock.systemUTC());
    }

    /**
     * As {@link #openDatabase(Path)}, with the clock that stamps migration records.
     *
     * @param dataDir the data directory; created if missing
     * @param clock the wall clock for migration records
     * @return the open database; the caller closes it
     * @throws FumsException {@code STORAGE_FAILED} if it cannot be opened,
     *     {@code STORAGE_CORRUPT} if the file is not a database
     */
    public static ClosableDatabase openDatabase(Path dataDir, Clock clock) throws FumsException {
        return SqliteDatabase.open(Objects.requireNonNull(dataDir, "dataDir"), SqliteDatabase.DEFAULT_BUSY_TIMEOUT_MILLIS,
                SqliteDatabase.DEFAULT_READ_CONNECTIONS, clock);
    }

    /**
     * The tamper-evident audit log in {@code db}, its schema migrated.
     *
     * @param db an open database
     * @param clock the wall clock that stamps the entries
     * @return the audit log; it lives as long as {@code db} is open
     * @throws FumsException {@code STORAGE_FAILED} if the schema cannot be migrated
     */
    public static AuditLog auditLog(Database db, Clock clock) throws FumsException {
        return new SqliteAuditLog(Objects.requireNonNull(db, "db"), clock);
    }

    /**
     * The nonce registry in {@code db}, its schema migrated.
     *
     * @param db an open database
     * @param clock the wall clock that judges expiry and pruning
     * @param grace how long an expired nonce is kept before it is pruned, {@code >= 0}
     * @return the registry; it lives as long as {@code db} is open
     * @throws IllegalArgumentException if {@code grace} is negative
     * @throws FumsException {@code STORAGE_FAILED} if the schema cannot be migrated
     */
    public static NonceRegistry nonceRegistry(Database db, Clock clock, Duration grace) throws FumsException {
        return new SqliteNonceRegistry(Objects.requireNonNull(db, "db"), clock, grace);
    }

    /**
     * The content-addressed image store under {@code dataDir} (the same
     * layout as the bundle's); leftovers of interrupted writes are removed.
     *
     * @param dataDir the data directory; created if missing
     * @return the image store
     * @throws FumsException {@code STORAGE_FAILED} if the directory cannot be created or read
     */
    public static ImageStore imageStore(Path dataDir) throws FumsException {
        return new FileImageStore(Objects.requireNonNull(dataDir, "dataDir"));
    }
}
