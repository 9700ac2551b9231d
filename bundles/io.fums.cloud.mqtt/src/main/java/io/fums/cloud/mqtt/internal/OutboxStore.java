package io.fums.cloud.mqtt.internal;

import io.fums.api.error.FumsException;
import io.fums.store.Database;
import io.fums.store.Migration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The outbox table in the DCU's SQLite database (owner {@value #OWNER}).
 * Events are numbered by an AUTOINCREMENT sequence, so the numbers only grow
 * and delivery order is commit order, also after every row was deleted.
 * Event ids are unique: committing an id that is still pending is a no-op.
 */
public final class OutboxStore {

    /** The migration owner. */
    public static final String OWNER = "outbox";

    static final List<Migration> MIGRATIONS = List.of(Migration.sql(1, "outbox of cloud events",
            "CREATE TABLE outbox_event ("
                    + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " event_id TEXT NOT NULL UNIQUE,"
                    + " kind TEXT NOT NULL,"
                    + " payload BLOB NOT NULL,"
                    + " created_ms INTEGER NOT NULL)"));

    /** An event to commit. */
    public record NewEvent(String eventId, String kind, byte[] payload, long createdMillis) {
    }

    /** A committed event. */
    public record StoredEvent(long seq, String eventId, String kind, byte[] payload) {
    }

    private final Database db;

    public OutboxStore(Database db) {
        this.db = db;
    }

    /** Creates or updates the table. */
    public void migrate() throws FumsException {
        db.migrate(OWNER, MIGRATIONS);
    }

    /**
     * Deletes acknowledged events and inserts new ones in one durable transaction.
     *
     * @return how many of {@code inserts} were new (not a pending id)
     */
    public int commit(List<NewEvent> inserts, Collection<Long> deletes) throws FumsException {
        if (inserts.isEmpty() && deletes.isEmpty()) {
            return 0;
        }
        return db.write(c -> {
            if (!deletes.isEmpty()) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM outbox_event WHERE seq = ?")) {
                    for (long seq : deletes) {
                        st.setLong(1, seq);
                        st.addBatch();
                    }
                    st.executeBatch();
                }
            }
            int inserted = 0;
            if (!inserts.isEmpty()) {
                try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO outbox_event"
                        + " (event_id, kind, payload, created_ms) VALUES (?, ?, ?, ?)")) {
                    for (NewEvent e : inserts) {
                        st.setString(1, e.eventId());
                        st.setString(2, e.kind());
                        st.setBytes(3, e.payload());
                        st.setLong(4, e.createdMillis());
                        st.addBatch();
                    }
                    for (int n : st.executeBatch()) {
                        inserted += Math.max(0, n);
                    }
                }
            }
            return inserted;
        });
    }

    /** Up to {@code limit} events with a sequence number above {@code afterSeq}, oldest first. */
    public List<StoredEvent> readAfter(long afterSeq, int limit) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT seq, event_id, kind, payload FROM outbox_event"
                    + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
                st.setLong(1, afterSeq);
                st.setInt(2, limit);
                List<StoredEvent> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
                    }
                }
                return out;
            }
        });
    }

    /** The number of pending events. */
    public long count() throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM outbox_event");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
