package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.ClosableDatabase;
import io.fums.store.Database;
import io.fums.store.Migration;
import io.fums.store.SqlWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * {@link Database} on one SQLite file: one serialised writer connection,
 * a small pool of read-only connections.
 *
 * <p>Transactions are issued as explicit {@code BEGIN IMMEDIATE}/{@code COMMIT}
 * on connections in auto-commit mode: sqlite-jdbc's own non-auto-commit mode
 * re-opens a transaction right after every commit, which would hold a read
 * snapshot between writes and keep WAL checkpoints from completing.
 */
public final class SqliteDatabase implements ClosableDatabase {

    /** The database file's name in the data directory. */
    public static final String FILE_NAME = "fums.db";
    /** Default busy timeout. */
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5_000;
    /** Default number of read connections. */
    public static final int DEFAULT_READ_CONNECTIONS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    private final Path file;
    private final String url;
    private final int busyTimeoutMillis;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Connection writer;
    private final ReaderPool readers;
    private final Migrator migrator;
    private volatile boolean closed;

    private SqliteDatabase(Path file, int busyTimeoutMillis, int readConnections, Clock clock) throws FumsException {
        this.file = file;
        this.url = "jdbc:sqlite:" + file;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.clock = clock;
        this.readers = new ReaderPool(readConnections, () -> connect(true));
        this.writer = connect(false);
        try {
            checkPragmas(writer);
            this.migrator = new Migrator(this, clock);
            migrator.createTable();
        } catch (FumsException | RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    /**
     * Opens (creating if needed) {@value #FILE_NAME} in {@code dataDir} with defaults.
     *
     * @param dataDir the data directory; created if missing
     * @return the open database
     * @throws FumsException {@code STORAGE_FAILED} if it cannot be opened,
     *     {@code STORAGE_CORRUPT} if the file is not a database
     */
    public static SqliteDatabase open(Path dataDir) throws FumsException {
        return open(dataDir, DEFAULT_BUSY_TIMEOUT_MILLIS, DEFAULT_READ_CONNECTIONS, Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) {@value #FILE_NAME} in {@code dataDir}.
     *
     * @param dataDir the data directory; created if missing
     * @param busyTimeoutMillis how long a connection waits for a lock held by another process
     * @param readConnections the most read connections open at once, {@code >= 1}
     * @param clock the clock for migration records
     * @return the open database
     * @throws FumsException {@code STORAGE_FAILED} if it cannot be opened,
     *     {@code STORAGE_CORRUPT} if the file is not a database
     */
    public static SqliteDatabase open(Path dataDir, int busyTimeoutMillis, int readConnections, Clock clock)
            throws FumsException {
        if (busyTimeoutMillis < 0 || readConnections < 1) {
            throw new IllegalArgumentException("busy timeout must be >= 0 and read connections >= 1");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw StorageErrors.io("cannot create data directory " + dataDir, e);
        }
        return new SqliteDatabase(dataDir.resolve(FILE_NAME), busyTimeoutMillis, readConnections,
                Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int migrate(String owner, List<? extends Migration> migrations) throws FumsException {
        return migrator.migrate(owner, migrations);
    }

    @Override
    public int schemaVersion(String owner) throws FumsException {
        return read(c -> Migrator.currentVersion(c, owner));
    }

    @Override
    public <T> T write(SqlWork<T> work) throws FumsException {
        Objects.requireNonNull(work, "work");
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested write: do all the work of one transaction in one SqlWork");
        }
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(writer, "BEGIN IMMEDIATE", work, "database write failed");
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) throws FumsException {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        Connection c = readers.acquire();
        boolean healthy = false;
        try {
            T result = inTransaction(c, "BEGIN", work, "database read failed");
            healthy = true;
            return result;
        } finally {
            readers.release(c, healthy && !closed);
        }
    }

    /** Closes every connection. Calls in progress finish; later calls fail. */
    @Override
    public void close() {
        closed = true;
        writeLock.lock();
        try {
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        readers.close();
    }

    private <T> T inTransaction(Connection c, String begin, SqlWork<T> work, String what) throws FumsException {
        try (Statement st = c.createStatement()) {
            st.execute(begin);
        } catch (SQLException e) {
            throw StorageErrors.sql(what + " (begin)", e);
        }
        boolean committed = false;
        try {
            T result = work.run(c);
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
            committed = true;
            return result;
        } catch (SQLException e) {
            throw StorageErrors.sql(what, e);
        } finally {
            if (!committed) {
                rollback(c);
            }
        }
    }

    private static void rollback(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            // No transaction left to roll back (SQLite already rolled back after an I/O error).
            LOG.debug("rollback: {}", e.getMessage());
        }
    }

    private Connection connect(boolean readOnly) throws FumsException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(busyTimeoutMillis);
        try {
            Connection c = config.createConnection(url);
            if (readOnly) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA query_only = ON");
                } catch (SQLException e) {
                    closeQuietly(c);
                    throw e;
                }
            }
            return c;
        } catch (SQLException e) {
            throw StorageErrors.sql("cannot open database " + file, e);
        }
    }

    private void checkPragmas(Connection c) throws FumsException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            String mode = rs.next() ? rs.getString(1) : "";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new FumsException(ErrorCode.STORAGE_FAILED,
                        "database " + file + " cannot use WAL journal mode (got '" + mode + "')");
            }
        } catch (SQLException e) {
            throw StorageErrors.sql("cannot open database " + file, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("database " + file + " is closed");
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SqliteDatabase[" + file + "]";
    }
}
