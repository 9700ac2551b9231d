package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.security.InvocationCounters;
import io.fums.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DCU's invocation counters towards each meter (ciphered and HLS
 * associations), kept so that they keep rising across associations and DCU
 * restarts: a meter refuses a counter it has seen, and a repeated counter
 * would repeat an AES-GCM nonce.
 *
 * <p>Before a protected APDU goes out, the stored counter is raised to at
 * least the next counter plus a margin when needed ({@link #beforeSend}), so
 * that the stored value is always above every counter ever sent, even after
 * a crash; when the association ends, the exact next counter is stored.
 * Thread-safe.
 */
final class CounterStore {

    /** Counters reserved ahead per database write. */
    static final long MARGIN = 100;
    private static final Logger LOG = LoggerFactory.getLogger(CounterStore.class);

    private final Database db;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final InvocationCounters counters;
        long stored;
        long replaysReported;
        long authFailuresReported;

        Entry(InvocationCounters counters, long stored) {
            this.counters = counters;
            this.stored = stored;
        }
    }

    CounterStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The meter's counters (one instance per meter, shared by its associations), loaded on first use. */
    InvocationCounters counters(String meter) throws FumsException {
        Entry e = entries.get(meter);
        if (e == null) {
            long[] row = db.read(c -> {
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT next_to_send, last_received FROM meter_counter WHERE meter=?")) {
                    st.setString(1, meter);
                    try (ResultSet rs = st.executeQuery()) {
                        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
                    }
                }
            });
            Entry loaded = row == null ? new Entry(new InvocationCounters(), 0)
                    : new Entry(new InvocationCounters(row[0], row[1]), row[0]);
            e = entries.computeIfAbsent(meter, k -> loaded);
        }
        return e.counters;
    }

    /**
     * Makes sure the stored counter is above every counter taken so far.
     *
     * @throws DlmsException STORAGE_FAILED if it cannot be stored: then nothing may be sent
     */
    void beforeSend(String meter) throws DlmsException {
        Entry e = entries.get(meter);
        if (e == null) {
            return;
        }
        synchronized (e) {
            long next = e.counters.nextToSend();
            if (next <= e.stored) {
                return;
            }
            long reserve = Math.min(next + MARGIN, 0x1_0000_0000L);
            try {
                write(meter, reserve, e.counters.lastReceived());
            } catch (FumsException x) {
                throw new DlmsException(ErrorCode.STORAGE_FAILED, "meter " + meter
                        + ": invocation counter cannot be stored, nothing sent: " + x.getMessage(), x);
            }
            e.stored = reserve;
        }
    }

    /** Stores the exact counters after an association. */
    void afterAssociation(String meter) {
        Entry e = entries.get(meter);
        if (e == null) {
            return;
        }
        synchronized (e) {
            long next = e.counters.nextToSend();
            try {
                write(meter, next, e.counters.lastReceived());
                e.stored = next;
            } catch (FumsException x) {
                // the reservation stored before sending is still above every counter used
                LOG.warn("meter {}: invocation counters not stored: {}", meter, x.toString());
            }
        }
    }

    /**
     * The meter's encryption key changed: the meter counts its invocation counter anew under the new key, so the
     * highest counter accepted from it is forgotten; ours keeps rising (never below any counter already used).
     * Associations opened from now on use the new counters.
     *
     * @throws FumsException STORAGE_FAILED: not stored (nothing changed)
     */
    void keysChanged(String meter) throws FumsException {
        Entry old = entries.get(meter);
        long next;
        if (old != null) {
            synchronized (old) {
                next = Math.max(old.counters.nextToSend(), old.stored);
            }
        } else {
            next = stored(meter);
            if (next < 0) {
                return; // never associated: nothing to forget
            }
        }
        write(meter, next, -1);
        entries.put(meter, new Entry(new InvocationCounters(next, -1), next));
    }

    /**
     * The meter's responses refused since the last call: {replays (a counter
     * not above the last accepted), GCM authentication failures}.
     */
    long[] refusedSince(String meter) {
        Entry e = entries.get(meter);
        if (e == null) {
            return new long[2];
        }
        synchronized (e) {
            long replays = e.counters.replaysRefused();
            long auth = e.counters.authenticationFailures();
            long[] out = {replays - e.replaysReported, auth - e.authFailuresReported};
            e.replaysReported = replays;
            e.authFailuresReported = auth;
            return out;
        }
    }

    /** The stored next counter, -1 if none (for tests and diagnostics). */
    long stored(String meter) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT next_to_send FROM meter_counter WHERE meter=?")) {
                st.setString(1, meter);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    private void write(String meter, long next, long lastReceived) throws FumsException {
        long now = clock.millis();
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_counter (meter, next_to_send,"
                    + " last_received, updated) VALUES (?,?,?,?) ON CONFLICT(meter) DO UPDATE SET"
                    + " next_to_send=excluded.next_to_send, last_received=excluded.last_received,"
                    + " updated=excluded.updated")) {
                st.setString(1, meter);
                st.setLong(2, next);
                st.setLong(3, lastReceived);
                st.setLong(4, now);
                st.executeUpdate();
            }
            return null;
        });
    }
}
