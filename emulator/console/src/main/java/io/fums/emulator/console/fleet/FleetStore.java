package io.fums.emulator.console.fleet;

import io.fums.api.error.FumsException;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The console's own durable store of fleet rollouts: one SQLite file ({@code <dir>/fums.db}, the project's store:
 * WAL, {@code synchronous=FULL}, every write committed and fsynced before it returns). Several console processes
 * (the driver of a rollout, event workers, {@code status}, the web console) may open it at once: SQLite's locks and
 * the busy timeout serialise their writes. The schema and this read API are documented in docs/console-fleet.md.
 *
 * <p>Results are counted exactly once: a meter's result is keyed by (DCU, campaign, meter), and a second delivery of
 * the same result (an event again, or the same result seen in a status poll) is ignored and counted as a duplicate.
 */
public final class FleetStore implements AutoCloseable {

    /** Rollout states. */
    public static final String CREATED = "CREATED";
    public static final String RUNNING = "RUNNING";
    public static final String PAUSED = "PAUSED";
    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELLED = "CANCELLED";

    /** A DCU's states in a rollout. */
    public enum DcuState {
        /** its wave has not started */
        PENDING,
        /** its wave started while it was offline: started when it comes back, until {@code waitUntil} */
        WAITING,
        /** the console is starting it (staging, creating, starting; or applying software) */
        STARTING,
        /** its campaign runs (or its software apply is in flight) */
        RUNNING,
        /** done, every meter succeeded (or the software is applied) */
        SUCCEEDED,
        /** done, with some failed meters (not a failed DCU) */
        PARTIAL,
        /** failed: refused, campaign paused or cancelled on the DCU, offline past the deadline, software failed */
        FAILED,
        /** the operator took it out of the rollout */
        EXCLUDED,
        /** the rollout was cancelled before it was done */
        CANCELLED;

        /** True for a state the DCU does not leave by itself. */
        public boolean done() {
            return this == SUCCEEDED || this == PARTIAL || this == FAILED || this == EXCLUDED || this == CANCELLED;
        }

        /** True while the console works on it. */
        public boolean inWork() {
            return this == STARTING || this == RUNNING;
        }
    }

    /** A rollout. */
    public record Rollout(String id, RolloutSpec spec, String state, String reason, Instant createdAt,
                          Instant updatedAt) {
    }

    /** A DCU of a rollout. */
    public record RolloutDcu(String rolloutId, String dcuId, int wave, int position, DcuState state, String campaignId,
                             String code, String message, int metersTotal, Instant waitUntil, Instant startedAt,
                             Instant endedAt, Instant updatedAt) {
    }

    /** One meter's final result in a rollout's campaign on a DCU. */
    public record MeterResult(String rolloutId, String dcuId, String campaignId, String meterId, String state,
                              String errorCode, String message, String at, String eventId, String source,
                              String worker, Instant receivedAt) {

        /** True for a meter that failed (REVERTED or FAILED). */
        public boolean failed() {
            return "REVERTED".equals(state) || "FAILED".equals(state);
        }
    }

    /** Meter results of a DCU in a rollout. */
    public record Counts(int succeeded, int failed, int cancelled) {
        public int total() {
            return succeeded + failed + cancelled;
        }
    }

    /** What one worker took in: events, new results, duplicates. */
    public record WorkerStats(String worker, long events, long results, long duplicates) {
    }

    /** An entry of a rollout's trail. */
    public record LogEntry(long seq, String rolloutId, Instant at, String dcuId, String message) {
    }

    private final ClosableDatabase db;
    private final Clock clock;

    private FleetStore(ClosableDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Opens (creating) the store in folder {@code dir}. */
    public static FleetStore open(Path dir, Clock clock) throws FumsException {
        ClosableDatabase db = Stores.openDatabase(dir, clock);
        try {
            db.migrate(FleetSchema.OWNER, FleetSchema.MIGRATIONS);
        } catch (FumsException | RuntimeException e) {
            db.close();
            throw e;
        }
        return new FleetStore(db, clock);
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    // ---- rollouts

    /**
     * Creates a rollout in state CREATED with its DCUs (PENDING) in order.
     *
     * @param dcus  the selected DCUs, in the order their waves take them
     * @param waves each DCU's wave (1-based), as {@link WavePlan#assign}
     * @return false if a rollout with this id exists (nothing is changed)
     */
    public boolean create(RolloutSpec spec, List<String> dcus, List<Integer> waves) throws FumsException {
        String now = clock.instant().toString();
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM fleet_rollout WHERE id = ?")) {
                p.setString(1, spec.id());
                if (p.executeQuery().next()) {
                    return false;
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO fleet_rollout(id, kind, spec, state, reason,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)")) {
                p.setString(1, spec.id());
                p.setString(2, spec.kind());
                p.setString(3, spec.toJson());
                p.setString(4, CREATED);
                p.setString(5, now);
                p.setString(6, now);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO fleet_rollout_dcu(rollout_id, dcu_id, wave, "
                    + "position, state, campaign_id, updated_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?)")) {
                for (int i = 0; i < dcus.size(); i++) {
                    p.setString(1, spec.id());
                    p.setString(2, dcus.get(i));
                    p.setInt(3, waves.get(i));
                    p.setInt(4, i);
                    p.setString(5, spec.firmware() ? RolloutSpec.campaignId(spec.id()) : null);
                    p.setString(6, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            log(c, spec.id(), null, "created: " + dcus.size() + " DCUs in " + (waves.isEmpty() ? 0
                    : waves.get(waves.size() - 1)) + " waves", now);
            return true;
        });
    }

    /** A rollout. */
    public Optional<Rollout> rollout(String id) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM fleet_rollout WHERE id = ?")) {
                p.setString(1, id);
                ResultSet r = p.executeQuery();
                return r.next() ? Optional.of(FleetSchema.rollout(r)) : Optional.empty();
            }
        });
    }

    /** Every rollout, newest first. */
    public List<Rollout> rollouts() throws FumsException {
        return db.read(c -> {
            List<Rollout> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM fleet_rollout ORDER BY created_at DESC, id")) {
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.add(FleetSchema.rollout(r));
                }
            }
            return out;
        });
    }

    /**
     * Moves a rollout to {@code state} if it is in one of {@code from}.
     *
     * @return false if it was not (nothing is changed)
     */
    public boolean transition(String id, Set<String> from, String state, String reason) throws FumsException {
        String now = clock.instant().toString();
        return db.write(c -> {
            String current;
            try (PreparedStatement p = c.prepareStatement("SELECT state FROM fleet_rollout WHERE id = ?")) {
                p.setString(1, id);
                ResultSet r = p.executeQuery();
                if (!r.next()) {
                    return false;
                }
                current = r.getString(1);
            }
            if (!from.contains(current)) {
                return false;
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE fleet_rollout SET state = ?, reason = ?, updated_at = ?"
                    + " WHERE id = ?")) {
                p.setString(1, state);
                p.setString(2, reason);
                p.setString(3, now);
                p.setString(4, id);
                p.executeUpdate();
            }
            log(c, id, null, current + " -> " + state + (reason == null ? "" : ": " + reason), now);
            return true;
        });
    }

    // ---- the DCUs of a rollout

    /** The DCUs of a rollout, in order. */
    public List<RolloutDcu> dcus(String rolloutId) throws FumsException {
        return db.read(c -> {
            List<RolloutDcu> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM fleet_rollout_dcu WHERE rollout_id = ?"
                    + " ORDER BY position")) {
                p.setString(1, rolloutId);
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.add(FleetSchema.dcu(r));
                }
            }
            return out;
        });
    }

    /**
     * Moves a DCU of a rollout to {@code state} if it is in one of {@code from}; sets the code and message, the
     * meters total (if not null) and the wait deadline (WAITING); records start and end times.
     *
     * @return false if it was not in one of {@code from} (nothing is changed)
     */
    public boolean dcuTransition(String rolloutId, String dcuId, Set<DcuState> from, DcuState state, String code,
                                 String message, Integer metersTotal, Instant waitUntil) throws FumsException {
        String now = clock.instant().toString();
        return db.write(c -> {
            DcuState current;
            try (PreparedStatement p = c.prepareStatement("SELECT state FROM fleet_rollout_dcu WHERE rollout_id = ?"
                    + " AND dcu_id = ?")) {
                p.setString(1, rolloutId);
                p.setString(2, dcuId);
                ResultSet r = p.executeQuery();
                if (!r.next()) {
                    return false;
                }
                current = DcuState.valueOf(r.getString(1));
            }
            if (!from.contains(current)) {
                return false;
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE fleet_rollout_dcu SET state = ?, code = ?, message = ?,"
                    + " meters_total = COALESCE(?, meters_total), wait_until = ?, updated_at = ?,"
                    + " started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END,"
                    + " ended_at = CASE WHEN ? THEN ? ELSE NULL END WHERE rollout_id = ? AND dcu_id = ?")) {
                p.setString(1, state.name());
                p.setString(2, code);
                p.setString(3, message);
                if (metersTotal == null) {
                    p.setNull(4, java.sql.Types.INTEGER);
                } else {
                    p.setInt(4, metersTotal);
                }
                p.setString(5, waitUntil == null ? null : waitUntil.toString());
                p.setString(6, now);
                p.setBoolean(7, state.inWork());
                p.setString(8, now);
                p.setBoolean(9, state.done());
                p.setString(10, now);
                p.setString(11, rolloutId);
                p.setString(12, dcuId);
                p.executeUpdate();
            }
            if (current != state) {
                log(c, rolloutId, dcuId, current + " -> " + state + (code == null ? "" : " " + code)
                        + (message == null ? "" : ": " + message), now);
            }
            return true;
        });
    }

    // ---- meter results

    /**
     * Records a meter's final result once: a result already there for (DCU, campaign, meter) is a duplicate.
     *
     * @return true if it is new
     */
    public boolean recordResult(MeterResult m) throws FumsException {
        return db.write(c -> {
            int n;
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO fleet_meter_result(dcu_id, campaign_id,"
                    + " meter_id, rollout_id, state, error_code, message, at, event_id, source, worker, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, m.dcuId());
                p.setString(2, m.campaignId());
                p.setString(3, m.meterId());
                p.setString(4, m.rolloutId());
                p.setString(5, m.state());
                p.setString(6, m.errorCode());
                p.setString(7, m.message());
                p.setString(8, m.at());
                p.setString(9, m.eventId());
                p.setString(10, m.source());
                p.setString(11, m.worker());
                p.setString(12, clock.instant().toString());
                n = p.executeUpdate();
            }
            count(c, m.worker(), m.source().equals("event") ? 1 : 0, n, n == 0 ? 1 : 0);
            return n == 1;
        });
    }

    /** Counts an event a worker took in that carried no new result (a campaign event, a foreign campaign's). */
    public void countEvent(String worker) throws FumsException {
        db.write(c -> {
            count(c, worker, 1, 0, 0);
            return null;
        });
    }

    /** The meter results of a rollout, optionally of one DCU (null: all), by DCU and meter. */
    public List<MeterResult> results(String rolloutId, String dcuId) throws FumsException {
        return db.read(c -> {
            List<MeterResult> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM fleet_meter_result WHERE rollout_id = ?"
                    + (dcuId == null ? "" : " AND dcu_id = ?") + " ORDER BY dcu_id, meter_id")) {
                p.setString(1, rolloutId);
                if (dcuId != null) {
                    p.setString(2, dcuId);
                }
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.add(FleetSchema.result(r));
                }
            }
            return out;
        });
    }

    /** Meter results per DCU of a rollout. */
    public Map<String, Counts> counts(String rolloutId) throws FumsException {
        return db.read(c -> {
            Map<String, Counts> out = new TreeMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT dcu_id,"
                    + " SUM(CASE WHEN state = 'SUCCEEDED' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN state IN ('REVERTED', 'FAILED') THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN state = 'CANCELLED' THEN 1 ELSE 0 END)"
                    + " FROM fleet_meter_result WHERE rollout_id = ? GROUP BY dcu_id")) {
                p.setString(1, rolloutId);
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.put(r.getString(1), new Counts(r.getInt(2), r.getInt(3), r.getInt(4)));
                }
            }
            return out;
        });
    }

    /** What each worker took in. */
    public List<WorkerStats> workers() throws FumsException {
        return db.read(c -> {
            List<WorkerStats> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM fleet_worker ORDER BY worker")) {
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.add(new WorkerStats(r.getString("worker"), r.getLong("events"), r.getLong("results"),
                            r.getLong("duplicates")));
                }
            }
            return out;
        });
    }

    // ---- the trail and the DCUs' last births

    /** Adds an entry to a rollout's trail. */
    public void log(String rolloutId, String dcuId, String message) throws FumsException {
        String now = clock.instant().toString();
        db.write(c -> {
            log(c, rolloutId, dcuId, message, now);
            return null;
        });
    }

    /** A rollout's trail, oldest first. */
    public List<LogEntry> log(String rolloutId) throws FumsException {
        return log(rolloutId, 0);
    }

    /** A rollout's trail after entry {@code afterSeq} (0: from the start), oldest first. */
    public List<LogEntry> log(String rolloutId, long afterSeq) throws FumsException {
        return db.read(c -> {
            List<LogEntry> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM fleet_log WHERE rollout_id = ? AND seq > ?"
                    + " ORDER BY seq LIMIT 10000")) {
                p.setString(1, rolloutId);
                p.setLong(2, afterSeq);
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.add(FleetSchema.logEntry(r));
                }
            }
            return out;
        });
    }

    /** Keeps the births seen (retained states of online DCUs), so an offline DCU's software and meters stay known. */
    public void snapshot(Map<String, String> births) throws FumsException {
        if (births.isEmpty()) {
            return;
        }
        String now = clock.instant().toString();
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO fleet_dcu_snapshot(dcu_id, state, seen_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT(dcu_id) DO UPDATE SET state = excluded.state,"
                    + " seen_at = excluded.seen_at")) {
                for (Map.Entry<String, String> e : births.entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.setString(3, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** The last birth seen of each DCU (JSON text), by DCU id. */
    public Map<String, String> snapshots() throws FumsException {
        return db.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT dcu_id, state FROM fleet_dcu_snapshot ORDER BY dcu_id")) {
                ResultSet r = p.executeQuery();
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        db.close();
    }

    private static void count(Connection c, String worker, long events, long results, long duplicates)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO fleet_worker(worker, events, results, duplicates)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT(worker) DO UPDATE SET events = events + excluded.events,"
                + " results = results + excluded.results, duplicates = duplicates + excluded.duplicates")) {
            p.setString(1, worker);
            p.setLong(2, events);
            p.setLong(3, results);
            p.setLong(4, duplicates);
            p.executeUpdate();
        }
    }

    private static void log(Connection c, String rolloutId, String dcuId, String message, String now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO fleet_log(rollout_id, at, dcu_id, message)"
                + " VALUES (?, ?, ?, ?)")) {
            p.setString(1, rolloutId);
            p.setString(2, now);
            p.setString(3, dcuId);
            p.setString(4, message.length() > 1000 ? message.substring(0, 1000) + "..." : message);
            p.executeUpdate();
        }
    }
}
