package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.Database;
import io.fums.store.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies numbered per-owner migrations and records them in {@code schema_migration}. */
final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Database db;
    private final Clock clock;

    Migrator(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void createTable() throws FumsException {
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS schema_migration ("
                        + " owner TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL,"
                        + " applied_at INTEGER NOT NULL, PRIMARY KEY (owner, version))");
            }
            return null;
        });
    }

    int migrate(String owner, List<? extends Migration> migrations) throws FumsException {
        checkOwner(owner);
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingInt(Migration::version));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations of '" + owner
                        + "' must be numbered 1.." + sorted.size() + " without gaps or duplicates, found "
                        + sorted.get(i).version() + " at position " + (i + 1));
            }
        }
        int applied = db.write(c -> {
            int current = currentVersion(c, owner);
            if (current > sorted.size()) {
                LOG.warn("schema of '{}' is at version {}, newer than this software's {}: kept as is",
                        owner, current, sorted.size());
                return 0;
            }
            int count = 0;
            for (Migration m : sorted.subList(current, sorted.size())) {
                apply(c, owner, m);
                count++;
            }
            return count;
        });
        if (applied > 0) {
            LOG.info("schema of '{}' migrated to version {} ({} applied)", owner, sorted.size(), applied);
        }
        return applied;
    }

    private void apply(Connection c, String owner, Migration m) throws FumsException {
        try {
            m.apply(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_migration (owner, version, description, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, owner);
                ps.setInt(2, m.version());
                ps.setString(3, m.description());
                ps.setLong(4, clock.millis());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "migration " + m.version() + " of '" + owner + "' ("
                    + m.description() + ") failed, nothing of this run was applied: " + e.getMessage(), e);
        }
    }

    static int currentVersion(Connection c, String owner) throws SQLException {
        checkOwner(owner);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migration WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static void checkOwner(String owner) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("invalid migration owner '" + owner
                    + "': 1 to 64 characters of a-z 0-9 . _ -, starting with a letter or digit");
        }
    }
}
