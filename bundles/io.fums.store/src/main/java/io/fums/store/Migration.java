package io.fums.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One numbered step of an owner's database schema, applied by
 * {@link Database#migrate(String, List)}.
 *
 * <p>An owner (a bundle or a feature such as {@code audit} or {@code outbox})
 * numbers its migrations 1, 2, 3, ... without gaps. A migration is applied at
 * most once per database; the applied versions are recorded in the table
 * {@code schema_migration}. Never change a released migration: add a new one.
 *
 * <p>Migrations must be additive (new tables, columns with defaults, indexes)
 * so that a software rollback to an older bundle, which knows fewer
 * migrations, keeps working on the newer schema.
 *
 * <p>Implementations must be immutable; {@link #sql(int, String, String...)}
 * covers the usual case of plain DDL statements.
 */
@ConsumerType
public interface Migration {

    /** The number of this step, from 1. */
    int version();

    /** A short description, recorded with the version. */
    String description();

    /**
     * Applies the step. Runs inside the migration transaction; do not commit.
     *
     * @param connection the writer connection
     * @throws SQLException if a statement fails; the whole migration run is
     *     rolled back
     */
    void apply(Connection connection) throws SQLException;

    /**
     * A migration made of plain SQL statements, executed in order.
     *
     * @param version the step number, from 1
     * @param description what the step does
     * @param statements the SQL statements (one statement per string)
     * @return the migration
     * @throws IllegalArgumentException if {@code version < 1} or no statement is given
     */
    static Migration sql(int version, String description, String... statements) {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1: " + version);
        }
        Objects.requireNonNull(description, "description");
        if (statements.length == 0) {
            throw new IllegalArgumentException("migration " + version + " has no statement");
        }
        List<String> copy = List.of(statements);
        return new Migration() {
            @Override
            public int version() {
                return version;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void apply(Connection connection) throws SQLException {
                try (Statement st = connection.createStatement()) {
                    for (String sql : copy) {
                        st.execute(sql);
                    }
                }
            }

            @Override
            public String toString() {
                return "migration " + version + " (" + description + ")";
            }
        };
    }
}
