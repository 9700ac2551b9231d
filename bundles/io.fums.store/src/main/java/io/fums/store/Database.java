package io.fums.store;

import io.fums.api.error.FumsException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The DCU's SQLite database: one file in the data directory, shared by every
 * owner of durable state (audit log, nonce registry, job journal, outbox).
 *
 * <p>The file is opened with {@code journal_mode=WAL},
 * {@code synchronous=FULL}, {@code foreign_keys=ON} and a busy timeout. In
 * WAL mode with {@code synchronous=FULL} a committed transaction is in the
 * fsynced write-ahead log, so it survives a power cut.
 *
 * <p><b>Writes</b> go through one writer connection, serialised: SQLite allows
 * one writer at a time, and queueing writers in the JVM is fairer and faster
 * than letting them spin on {@code SQLITE_BUSY}. {@link #write(SqlWork)} runs
 * the work in a transaction and commits it before returning; nothing the
 * caller was told is written is lost on power loss.
 *
 * <p><b>Reads</b> run on separate read-only connections in a read transaction,
 * so they see one consistent snapshot and never wait for the writer.
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 * A write must not be started from inside another write on the same thread
 * (the writer is not re-entrant: an {@link IllegalStateException} says so);
 * do all the work of one transaction in one {@link SqlWork}.
 *
 * <p><b>Errors:</b> {@code STORAGE_FAILED} for I/O errors, a full disk or a
 * locked database; {@code STORAGE_CORRUPT} when SQLite reports the file is
 * corrupt or not a database.
 */
@ProviderType
public interface Database {

    /** The database file. */
    Path file();

    /**
     * Brings an owner's schema up to date: applies, in order and in one
     * transaction, every migration whose version is higher than the highest
     * version recorded for {@code owner}, and records each one. Either all
     * pending migrations are applied and recorded, or none is.
     *
     * <p>A database that already has more migrations than given (after a
     * rollback to older software) is accepted as is, and logged.
     *
     * @param owner a stable name, 1 to 64 characters of {@code [a-z0-9._-]}
     * @param migrations the owner's migrations, numbered 1..n without gaps
     *     (any order; they are sorted)
     * @return the number of migrations applied by this call (0 if up to date)
     * @throws IllegalArgumentException if the owner name is invalid or the
     *     numbering has a gap or a duplicate
     * @throws FumsException {@code STORAGE_FAILED} if a migration fails
     *     (nothing of this run is kept) or on I/O error
     */
    int migrate(String owner, List<? extends Migration> migrations) throws FumsException;

    /**
     * The highest migration version recorded for an owner.
     *
     * @param owner the owner name
     * @return the version, 0 if none was applied
     * @throws FumsException {@code STORAGE_FAILED} on I/O error
     */
    int schemaVersion(String owner) throws FumsException;

    /**
     * Runs {@code work} in a write transaction on the writer connection and
     * commits it. Callers are served one at a time.
     *
     * @param <T> the result type
     * @param work the work; throwing anything rolls the transaction back
     * @return the work's result, after the commit is durable
     * @throws FumsException the work's own {@code FumsException}, or
     *     {@code STORAGE_FAILED}/{@code STORAGE_CORRUPT} for a database error
     *     (the transaction is rolled back)
     * @throws IllegalStateException if called from inside a write on the same
     *     thread, or after the database was closed
     */
    <T> T write(SqlWork<T> work) throws FumsException;

    /**
     * Runs {@code work} in a read transaction on a read-only connection. The
     * work sees one consistent snapshot of committed data. Writes attempted
     * on the connection fail.
     *
     * @param <T> the result type
     * @param work the work
     * @return the work's result
     * @throws FumsException the work's own {@code FumsException}, or
     *     {@code STORAGE_FAILED}/{@code STORAGE_CORRUPT} for a database error
     * @throws IllegalStateException after the database was closed
     */
    <T> T read(SqlWork<T> work) throws FumsException;
}
