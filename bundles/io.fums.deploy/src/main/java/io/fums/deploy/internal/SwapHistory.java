package io.fums.deploy.internal;

import io.fums.api.error.FumsException;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.store.Database;
import io.fums.store.Migration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The history of swaps, in the DCU's SQLite database (owner {@code deploy}). */
final class SwapHistory {

    private static final List<Migration> MIGRATIONS = List.of(Migration.sql(1, "swap history",
            "CREATE TABLE swap_history (tx TEXT PRIMARY KEY, started INTEGER NOT NULL, ended INTEGER NOT NULL,"
                    + " feature TEXT NOT NULL, from_version TEXT NOT NULL, to_version TEXT NOT NULL,"
                    + " outcome TEXT NOT NULL, code TEXT, message TEXT NOT NULL)",
            "CREATE INDEX swap_history_ended ON swap_history(ended)"));

    private final Database db;

    SwapHistory(Database db) throws FumsException {
        this.db = db;
        db.migrate("deploy", MIGRATIONS);
    }

    /** Records a finished swap; durable when this returns. */
    void record(SwapRecord r) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO swap_history"
                    + " (tx, started, ended, feature, from_version, to_version, outcome, code, message) VALUES (?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, r.txId());
                st.setLong(2, r.started().toEpochMilli());
                st.setLong(3, r.ended().toEpochMilli());
                st.setString(4, r.feature());
                st.setString(5, r.from());
                st.setString(6, r.to());
                st.setString(7, r.outcome().name());
                st.setString(8, r.code());
                st.setString(9, r.message());
                st.executeUpdate();
            }
            return null;
        });
    }

    List<SwapRecord> latest(int limit) throws FumsException {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000: " + limit);
        }
        return db.read(c -> {
            List<SwapRecord> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT tx, started, ended, feature, from_version, to_version,"
                    + " outcome, code, message FROM swap_history ORDER BY ended DESC, rowid DESC LIMIT ?")) {
                st.setInt(1, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SwapRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                                SwapOutcome.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }
}
