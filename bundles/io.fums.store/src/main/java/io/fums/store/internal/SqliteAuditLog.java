package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEntry;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.AuditVerification;
import io.fums.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link AuditLog} in the {@code audit_log} table of a {@link Database}. */
public final class SqliteAuditLog implements AuditLog {

    static final String COLUMNS =
            "seq, timestamp_ms, actor, action, outcome, reason, subject, detail, prev_hash, hash";

    private final Database db;
    private final Clock clock;
    private final AuditText text = new AuditText();

    /**
     * An audit log; migrates its schema.
     *
     * @param db the database
     * @param clock the clock for entry timestamps
     * @throws FumsException {@code STORAGE_FAILED} if the schema cannot be migrated
     */
    public SqliteAuditLog(Database db, Clock clock) throws FumsException {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        db.migrate(AuditSchema.OWNER, AuditSchema.MIGRATIONS);
    }

    @Override
    public AuditEntry append(AuditEvent event) throws FumsException {
        String actor = text.text(event.actor(), AuditText.MAX_NAME);
        String action = text.text(event.action(), AuditText.MAX_NAME);
        String outcome = event.outcome().name();
        String reason = event.reason() == null ? null : event.reason().name();
        String subject = text.text(event.subject(), AuditText.MAX_SUBJECT);
        String detail = text.detail(event.detail());
        return db.write(c -> {
            long seq = 1;
            byte[] prev = AuditHasher.zeroHash();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1) + 1;
                    prev = rs.getBytes(2);
                }
            }
            long ts = clock.millis();
            byte[] hash = AuditHasher.hash(seq, ts, actor, action, outcome, reason, subject, detail, prev);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setLong(2, ts);
                ps.setString(3, actor);
                ps.setString(4, action);
                ps.setString(5, outcome);
                ps.setString(6, reason);
                ps.setString(7, subject);
                ps.setString(8, detail);
                ps.setBytes(9, prev);
                ps.setBytes(10, hash);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")) {
                ps.setLong(1, seq);
                ps.setBytes(2, hash);
                ps.executeUpdate();
            }
            return new AuditEntry(seq, ts, actor, action, event.outcome(), reason, subject, detail, prev, hash);
        });
    }

    @Override
    public AuditVerification verify() throws FumsException {
        return db.read(AuditChainVerifier::verify);
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) throws FumsException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.sinceMillis().ifPresent(v -> {
            sql.append(" AND timestamp_ms >= ?");
            args.add(v);
        });
        query.untilMillis().ifPresent(v -> {
            sql.append(" AND timestamp_ms < ?");
            args.add(v);
        });
        query.action().ifPresent(v -> {
            sql.append(" AND action = ?");
            args.add(v);
        });
        query.outcome().ifPresent(v -> {
            sql.append(" AND outcome = ?");
            args.add(v.name());
        });
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(query.limit());
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                return entries(ps);
            }
        });
    }

    @Override
    public Optional<AuditEntry> last() throws FumsException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                return entries(ps).stream().findFirst();
            }
        });
    }

    private static List<AuditEntry> entries(PreparedStatement ps) throws SQLException, FumsException {
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(entry(rs));
            }
        }
        return out;
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException, FumsException {
        long seq = rs.getLong(1);
        AuditOutcome outcome;
        try {
            outcome = AuditOutcome.valueOf(rs.getString(5));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new FumsException(ErrorCode.STORAGE_CORRUPT,
                    "audit entry " + seq + " has an invalid outcome '" + rs.getString(5) + "'", e);
        }
        byte[] prev = rs.getBytes(9);
        byte[] hash = rs.getBytes(10);
        return new AuditEntry(seq, rs.getLong(2), rs.getString(3), rs.getString(4), outcome, rs.getString(6),
                rs.getString(7), rs.getString(8), prev == null ? new byte[0] : prev, hash == null ? new byte[0] : hash);
    }
}
