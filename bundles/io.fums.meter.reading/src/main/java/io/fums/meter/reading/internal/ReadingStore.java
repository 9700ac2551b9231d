package io.fums.meter.reading.internal;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.fums.api.error.FumsException;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import io.fums.store.Database;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Readings and read statistics in the DCU database. Each call is one
 * transaction, durable when it returns. Thread-safe.
 */
final class ReadingStore {

    private static final Type VALUES = new TypeToken<LinkedHashMap<String, String>>() { }.getType();
    private final Database db;
    private final Gson gson = new Gson();

    ReadingStore(Database db) {
        this.db = db;
    }

    /** A period started: one more read scheduled for each of {@code meters}. */
    void scheduled(Collection<String> meters) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_read_stats (meter, scheduled)"
                    + " VALUES (?, 1) ON CONFLICT(meter) DO UPDATE SET scheduled = scheduled + 1")) {
                for (String m : meters) {
                    st.setString(1, m);
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    /**
     * A periodic reading arrived: done if {@code inTime}, else missed (but
     * kept); its values that are errors count as missing items.
     */
    void periodic(Reading r, boolean inTime) throws FumsException {
        long missingItems = r.values().values().stream().filter(MeterReader::isError).count();
        db.write(c -> {
            insert(c, r, true);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_read_stats (meter, done, missed,"
                    + " last_read_at, items_missing) VALUES (?,?,?,?,?) ON CONFLICT(meter) DO UPDATE SET"
                    + " done = done + excluded.done, missed = missed + excluded.missed,"
                    + " last_read_at = excluded.last_read_at, items_missing = items_missing + excluded.items_missing")) {
                st.setString(1, r.meterId());
                st.setInt(2, inTime ? 1 : 0);
                st.setInt(3, inTime ? 0 : 1);
                st.setLong(4, r.readAt().toEpochMilli());
                st.setLong(5, missingItems);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** A periodic read failed or could not start. */
    void missed(String meter) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_read_stats (meter, missed) VALUES (?, 1)"
                    + " ON CONFLICT(meter) DO UPDATE SET missed = missed + 1")) {
                st.setString(1, meter);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** A reading on demand: kept, counts only as the last read time. */
    void onDemand(Reading r) throws FumsException {
        db.write(c -> {
            insert(c, r, false);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_read_stats (meter, last_read_at)"
                    + " VALUES (?,?) ON CONFLICT(meter) DO UPDATE SET last_read_at = excluded.last_read_at")) {
                st.setString(1, r.meterId());
                st.setLong(2, r.readAt().toEpochMilli());
                st.executeUpdate();
            }
            return null;
        });
    }

    private void insert(Connection c, Reading r, boolean periodic) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_reading (meter, periodic, scheduled_at,"
                + " read_at, reading_values) VALUES (?,?,?,?,?)")) {
            st.setString(1, r.meterId());
            st.setInt(2, periodic ? 1 : 0);
            st.setLong(3, r.scheduledAt().toEpochMilli());
            st.setLong(4, r.readAt().toEpochMilli());
            st.setString(5, gson.toJson(r.values(), VALUES));
            st.executeUpdate();
        }
    }

    /** The newest readings of a meter, newest first. */
    List<Reading> latest(String meter, int limit) throws FumsException {
        return db.read(c -> {
            List<Reading> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT scheduled_at, read_at, reading_values"
                    + " FROM meter_reading WHERE meter=? ORDER BY id DESC LIMIT ?")) {
                st.setString(1, meter);
                st.setInt(2, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        LinkedHashMap<String, String> values = gson.fromJson(rs.getString(3), VALUES);
                        out.add(new Reading(meter, Instant.ofEpochMilli(rs.getLong(1)),
                                Instant.ofEpochMilli(rs.getLong(2)), values));
                    }
                }
            }
            return out;
        });
    }

    ReadStats stats(String meter) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT scheduled, done, missed, last_read_at, items_missing"
                    + " FROM meter_read_stats WHERE meter=?")) {
                st.setString(1, meter);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return new ReadStats(meter, 0, 0, 0, null);
                    }
                    long last = rs.getLong(4);
                    Instant lastAt = rs.wasNull() ? null : Instant.ofEpochMilli(last);
                    return new ReadStats(meter, rs.getLong(1), rs.getLong(2), rs.getLong(3), lastAt, rs.getLong(5));
                }
            }
        });
    }

    /** Deletes readings read before {@code before}; returns how many. */
    int prune(Instant before) throws FumsException {
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM meter_reading WHERE read_at < ?")) {
                st.setLong(1, before.toEpochMilli());
                return st.executeUpdate();
            }
        });
    }
}
