package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.reading.internal.AnomalyRules.MeterState;
import io.fums.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable SEC-8 state of every meter (table {@code meter_state}), cached
 * in memory: loaded once, written through. Thread-safe; callers serialise
 * the read-modify-write of one meter.
 */
final class MeterStateStore {

    private final Database db;
    private final Map<String, MeterState> cache = new ConcurrentHashMap<>();

    MeterStateStore(Database db) throws FumsException {
        this.db = db;
        cache.putAll(db.read(c -> {
            Map<String, MeterState> all = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement("SELECT meter, firmware, expected_firmware, auth_failures,"
                    + " suspect_kind, suspect_message, device_id, clock_drift FROM meter_state");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), new MeterState(rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), null, rs.getString(7), rs.getInt(8) != 0));
                }
            }
            return all;
        }));
    }

    MeterState get(String meter) {
        return cache.getOrDefault(meter, MeterState.NEW);
    }

    /**
     * Stores {@code next} if it differs from what is stored; times of the changed facts are {@code atMillis}.
     * The last energy read is kept in memory only (it changes at every read; after a restart the latest
     * stored reading gives it again).
     */
    void put(String meter, MeterState next, long atMillis) throws FumsException {
        MeterState old = get(meter);
        if (old.equals(next)) {
            return;
        }
        if (old.withEnergy(0).equals(next.withEnergy(0))) {
            cache.put(meter, next);
            return;
        }
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_state (meter, firmware, firmware_at,"
                    + " expected_firmware, expected_at, auth_failures, suspect_kind, suspect_message, suspect_at, device_id,"
                    + " clock_drift) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(meter) DO UPDATE SET"
                    + " firmware=excluded.firmware, device_id=excluded.device_id, clock_drift=excluded.clock_drift,"
                    + " firmware_at=COALESCE(excluded.firmware_at, firmware_at),"
                    + " expected_firmware=excluded.expected_firmware,"
                    + " expected_at=COALESCE(excluded.expected_at, expected_at), auth_failures=excluded.auth_failures,"
                    + " suspect_kind=excluded.suspect_kind, suspect_message=excluded.suspect_message,"
                    + " suspect_at=CASE WHEN excluded.suspect_kind IS NULL THEN NULL"
                    + " ELSE COALESCE(excluded.suspect_at, suspect_at) END")) {
                st.setString(1, meter);
                st.setString(2, next.firmware());
                setTime(st, 3, !Objects.equals(old.firmware(), next.firmware()), atMillis);
                st.setString(4, next.expected());
                setTime(st, 5, !Objects.equals(old.expected(), next.expected()), atMillis);
                st.setInt(6, next.authFailures());
                st.setString(7, next.suspectKind());
                st.setString(8, next.suspectMessage());
                setTime(st, 9, next.suspectKind() != null
                        && !Objects.equals(old.suspectMessage(), next.suspectMessage()), atMillis);
                st.setString(10, next.deviceId());
                st.setInt(11, next.clockDrift() ? 1 : 0);
                st.executeUpdate();
            }
            return null;
        });
        cache.put(meter, next);
    }

    private static void setTime(PreparedStatement st, int i, boolean changed, long at) throws java.sql.SQLException {
        if (changed) {
            st.setLong(i, at);
        } else {
            st.setNull(i, java.sql.Types.INTEGER);
        }
    }

    /** The suspect meters, sorted. */
    Set<String> suspects() {
        Set<String> out = new TreeSet<>();
        cache.forEach((m, s) -> {
            if (s.suspect()) {
                out.add(m);
            }
        });
        return out;
    }
}
