package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.store.Database;
import io.fums.store.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable record of every meter's upgrade: one row per (campaign, meter)
 * with its state and resume point, and one row per transition with its time.
 * A transition is checked against the state machine and committed (durable)
 * before the call returns, so the agent acts only on recorded states, and
 * after any restart continues from exactly what was recorded.
 * A final state is also marked when the listeners have made its result
 * durable ({@link #reported}); until then it is {@link #unreported}, and the
 * agent reports it again (after a restart too): a kill between the move and
 * the listener's commit loses no result.
 */
final class UpgradeJournal {

    private static final String FINAL_STATES = "('SUCCEEDED','REVERTED','CANCELLED')";

    private static final List<Migration> MIGRATIONS = List.of(Migration.sql(1, "meter upgrade journal",
            "CREATE TABLE meter_job (campaign TEXT NOT NULL, meter TEXT NOT NULL, state TEXT NOT NULL, error_code TEXT,"
                    + " message TEXT, next_block INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
                    + " updated INTEGER NOT NULL, PRIMARY KEY (campaign, meter))",
            "CREATE TABLE meter_transition (id INTEGER PRIMARY KEY AUTOINCREMENT, campaign TEXT NOT NULL, meter TEXT NOT NULL,"
                    + " from_state TEXT NOT NULL, to_state TEXT NOT NULL, at INTEGER NOT NULL, error_code TEXT, detail TEXT)",
            "CREATE INDEX meter_transition_job ON meter_transition(campaign, meter, id)"),
            Migration.sql(2, "meter results reported to the listeners (at-least-once delivery)",
                    "ALTER TABLE meter_job ADD COLUMN reported INTEGER NOT NULL DEFAULT 0",
                    // results journalled before this step were reported the old way (once, at the move)
                    "UPDATE meter_job SET reported=1 WHERE state IN " + FINAL_STATES,
                    "CREATE INDEX meter_job_unreported ON meter_job(state) WHERE reported=0"),
            Migration.sql(3, "broadcast image transfers under way, per campaign and shared medium",
                    "CREATE TABLE broadcast_run (campaign TEXT NOT NULL, link TEXT NOT NULL, blocks INTEGER NOT NULL,"
                            + " block_size INTEGER NOT NULL, round INTEGER NOT NULL, next_block INTEGER NOT NULL,"
                            + " sent INTEGER NOT NULL DEFAULT 0, runs INTEGER NOT NULL DEFAULT 1, done INTEGER NOT NULL DEFAULT 0,"
                            + " updated INTEGER NOT NULL, PRIMARY KEY (campaign, link))"));

    /**
     * A broadcast on one medium for one campaign, as journalled.
     *
     * @param round     1 for the pass over every block the meters lack, 2 for the re-broadcast round
     * @param nextBlock the first block of the round not yet sent
     * @param sent      block frames broadcast so far, every run together
     * @param runs      how many times it was started (more than 1 after a restart or a pause)
     */
    record BroadcastRun(String link, long blocks, long blockSize, int round, long nextBlock, long sent, int runs,
            boolean done) {
    }

    private final Database db;
    private final Clock clock;
    private volatile Consumer<MeterJob> onMove = job -> { };

    UpgradeJournal(Database db, Clock clock) throws FumsException {
        this.db = db;
        this.clock = clock;
        db.migrate("meter-upgrade", MIGRATIONS);
    }

    /** Adds meters to a campaign in PENDING (meters already in it are left as they are). */
    void enrol(String campaign, List<String> meters) throws FumsException {
        long now = clock.millis();
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO meter_job (campaign, meter, state, updated)"
                    + " VALUES (?,?,?,?)")) {
                for (String m : meters) {
                    st.setString(1, campaign);
                    st.setString(2, m);
                    st.setString(3, UpgradeState.PENDING.name());
                    st.setLong(4, now);
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    /**
     * Moves a meter to {@code to}, durably.
     *
     * @param errorCode required for FAILED; for CANCELLED, METER_SUSPECT when a suspect meter is skipped
     *     (SEC-8), METER_NO_ACTIVATION_SCHEDULE or METER_NO_COMPONENT when a meter is left out at creation, else null; null for the
     *     other states
     * @throws FumsException {@code INTERNAL} if the state machine does not allow
     *     the move (a bug: nothing is written), {@code STORAGE_FAILED} on I/O error
     */
    MeterJob move(String campaign, String meter, UpgradeState to, ErrorCode errorCode, String detail) throws FumsException {
        boolean skipped = to == UpgradeState.CANCELLED
                && (errorCode == ErrorCode.METER_SUSPECT || errorCode == ErrorCode.METER_NO_ACTIVATION_SCHEDULE
                        || errorCode == ErrorCode.METER_NO_COMPONENT);
        if ((to == UpgradeState.FAILED) != (errorCode != null) && !skipped) {
            throw new IllegalArgumentException("an error code is given exactly for a move to FAILED (or METER_SUSPECT"
                    + ", METER_NO_ACTIVATION_SCHEDULE or METER_NO_COMPONENT for a skip)");
        }
        Instant now = clock.instant();
        MeterJob moved = db.write(c -> {
            MeterJob job = job(c, campaign, meter).orElseThrow(() ->
                    new FumsException(ErrorCode.INTERNAL, "meter " + meter + " is not in campaign " + campaign));
            if (!job.state().canMoveTo(to)) {
                throw new FumsException(ErrorCode.INTERNAL, "meter " + meter + ": no transition " + job.state() + " -> " + to);
            }
            String code = errorCode != null ? errorCode.name() : (to == UpgradeState.REVERTED ? job.errorCode() : null);
            try (PreparedStatement st = c.prepareStatement("UPDATE meter_job SET state=?, error_code=?, message=?, attempts=0,"
                    + " updated=? WHERE campaign=? AND meter=?")) {
                st.setString(1, to.name());
                st.setString(2, code);
                st.setString(3, detail);
                st.setLong(4, now.toEpochMilli());
                st.setString(5, campaign);
                st.setString(6, meter);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_transition (campaign, meter, from_state, to_state,"
                    + " at, error_code, detail) VALUES (?,?,?,?,?,?,?)")) {
                st.setString(1, campaign);
                st.setString(2, meter);
                st.setString(3, job.state().name());
                st.setString(4, to.name());
                st.setLong(5, now.toEpochMilli());
                st.setString(6, errorCode == null ? null : errorCode.name());
                st.setString(7, detail);
                st.executeUpdate();
            }
            return new MeterJob(campaign, meter, to, code, detail, job.nextBlock(), 0, now);
        });
        onMove.accept(moved);
        return moved;
    }

    /** Who hears about every committed move (one listener; the agent's event relay). */
    void onMove(Consumer<MeterJob> listener) {
        this.onMove = listener;
    }

    /** Jobs in a final state whose result the listeners have not yet made durable, oldest first. */
    List<MeterJob> unreported() throws FumsException {
        return db.read(c -> {
            List<MeterJob> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SELECT_JOB + " WHERE reported=0 AND state IN " + FINAL_STATES
                    + " ORDER BY updated, campaign, meter")) {
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(job(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Marks these results as durable with the listeners (a job no longer in the given state is left as it is). */
    void reported(List<MeterJob> jobs) throws FumsException {
        if (jobs.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE meter_job SET reported=1 WHERE campaign=? AND meter=? AND state=?")) {
                for (MeterJob j : jobs) {
                    st.setString(1, j.campaignId());
                    st.setString(2, j.meterId());
                    st.setString(3, j.state().name());
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    /** Records the resume point (first block the meter has not confirmed) without a state change. */
    void progress(String campaign, String meter, long nextBlock) throws FumsException {
        update(campaign, meter, "UPDATE meter_job SET next_block=? WHERE campaign=? AND meter=?", nextBlock);
    }

    /**
     * Records that a broadcast on {@code link} starts (or starts again: its
     * earlier record is kept, with one more run), before its first block.
     */
    BroadcastRun broadcastStart(String campaign, String link, long blocks, long blockSize) throws FumsException {
        long now = clock.millis();
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO broadcast_run (campaign, link, blocks, block_size,"
                    + " round, next_block, updated) VALUES (?,?,?,?,1,0,?) ON CONFLICT (campaign, link) DO UPDATE SET"
                    + " runs=runs+1, done=0, round=1, next_block=0, blocks=excluded.blocks,"
                    + " block_size=excluded.block_size, updated=excluded.updated")) {
                st.setString(1, campaign);
                st.setString(2, link);
                st.setLong(3, blocks);
                st.setLong(4, blockSize);
                st.setLong(5, now);
                st.executeUpdate();
            }
            return broadcast(c, campaign, link).orElseThrow();
        });
    }

    /** Records a broadcast's progress: the round, its next block, and block frames sent since the last call. */
    void broadcastProgress(String campaign, String link, int round, long nextBlock, long sentSince, boolean done)
            throws FumsException {
        long now = clock.millis();
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE broadcast_run SET round=?, next_block=?, sent=sent+?,"
                    + " done=?, updated=? WHERE campaign=? AND link=?")) {
                st.setInt(1, round);
                st.setLong(2, nextBlock);
                st.setLong(3, sentSince);
                st.setInt(4, done ? 1 : 0);
                st.setLong(5, now);
                st.setString(6, campaign);
                st.setString(7, link);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** The broadcast on {@code link} for the campaign, if one was started. */
    Optional<BroadcastRun> broadcast(String campaign, String link) throws FumsException {
        return db.read(c -> broadcast(c, campaign, link));
    }

    private static Optional<BroadcastRun> broadcast(Connection c, String campaign, String link) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT blocks, block_size, round, next_block, sent, runs, done"
                + " FROM broadcast_run WHERE campaign=? AND link=?")) {
            st.setString(1, campaign);
            st.setString(2, link);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new BroadcastRun(link, rs.getLong(1), rs.getLong(2), rs.getInt(3),
                        rs.getLong(4), rs.getLong(5), rs.getInt(6), rs.getInt(7) != 0)) : Optional.empty();
            }
        }
    }

    /** Counts one more attempt of the current step (after a link or meter error that will be retried). */
    int retry(String campaign, String meter, String detail) throws FumsException {
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE meter_job SET attempts=attempts+1, message=?"
                    + " WHERE campaign=? AND meter=?")) {
                st.setString(1, detail);
                st.setString(2, campaign);
                st.setString(3, meter);
                st.executeUpdate();
            }
            return job(c, campaign, meter).map(MeterJob::attempts).orElse(0);
        });
    }

    private void update(String campaign, String meter, String sql, long value) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setLong(1, value);
                st.setString(2, campaign);
                st.setString(3, meter);
                st.executeUpdate();
            }
            return null;
        });
    }

    Optional<MeterJob> job(String campaign, String meter) throws FumsException {
        return db.read(c -> job(c, campaign, meter));
    }

    List<MeterJob> jobs(String campaign) throws FumsException {
        return db.read(c -> {
            List<MeterJob> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(SELECT_JOB + " WHERE campaign=? ORDER BY meter")) {
                st.setString(1, campaign);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(job(rs));
                    }
                }
            }
            return out;
        });
    }

    Map<UpgradeState, Integer> counts(String campaign) throws FumsException {
        Map<UpgradeState, Integer> counts = new EnumMap<>(UpgradeState.class);
        for (MeterJob j : jobs(campaign)) {
            counts.merge(j.state(), 1, Integer::sum);
        }
        return counts;
    }

    List<Transition> transitions(String campaign, String meter) throws FumsException {
        return db.read(c -> {
            List<Transition> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT from_state, to_state, at, error_code, detail FROM meter_transition"
                    + " WHERE campaign=? AND meter=? ORDER BY id")) {
                st.setString(1, campaign);
                st.setString(2, meter);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Transition(campaign, meter, UpgradeState.valueOf(rs.getString(1)), UpgradeState.valueOf(rs.getString(2)),
                                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    private static final String SELECT_JOB = "SELECT campaign, meter, state, error_code, message, next_block, attempts, updated FROM meter_job";

    private static Optional<MeterJob> job(Connection c, String campaign, String meter) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT_JOB + " WHERE campaign=? AND meter=?")) {
            st.setString(1, campaign);
            st.setString(2, meter);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    private static MeterJob job(ResultSet rs) throws SQLException {
        return new MeterJob(rs.getString(1), rs.getString(2), UpgradeState.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getInt(7), Instant.ofEpochMilli(rs.getLong(8)));
    }
}
