package io.fums.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct access to the database file, as an attacker or a technician with a shell would have. */
final class RawSql {

    private RawSql() {
    }

    static Connection connect(Path dbFile) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile);
    }

    static void exec(Path dbFile, String... statements) throws SQLException {
        try (Connection c = connect(dbFile); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
