package io.fums.store;

import io.fums.api.error.FumsException;
import java.sql.Connection;
import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A unit of database work run by {@link Database#write(SqlWork)} or
 * {@link Database#read(SqlWork)} inside one transaction.
 *
 * <p>The connection is lent for the duration of {@link #run(Connection)}
 * only: do not keep it, close it, or change its auto-commit or transaction
 * state. Throwing anything rolls the transaction back.
 *
 * @param <T> the result type
 */
@ConsumerType
@FunctionalInterface
public interface SqlWork<T> {

    /**
     * Does the work.
     *
     * @param connection the connection, inside an open transaction
     * @return the result, handed back to the caller of {@code write}/{@code read}
     * @throws SQLException on a database error; mapped to a {@link FumsException}
     *     with {@code STORAGE_FAILED} (or {@code STORAGE_CORRUPT} when SQLite
     *     reports a corrupt database)
     * @throws FumsException to refuse or fail with a specific code; passed through
     */
    T run(Connection connection) throws SQLException, FumsException;
}
