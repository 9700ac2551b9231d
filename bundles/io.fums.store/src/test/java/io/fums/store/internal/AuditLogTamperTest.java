package io.fums.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEvent;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditVerification;
import io.fums.store.AuditVerification.Problem;
import io.fums.testsupport.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with the audit table through raw SQL (as someone with a shell on
 * the DCU could) is detected by verify(), which names the first broken link.
 */
@Tag("SEC-9")
@Tag("SM-5")
@Tag("UMS-3")
class AuditLogTamperTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_772_000_000_000L);
    private SqliteDatabase db;
    private SqliteAuditLog log;

    @BeforeEach
    void open() throws FumsException {
        db = SqliteDatabase.open(dir);
        log = new SqliteAuditLog(db, clock);
        for (int i = 1; i <= 10; i++) {
            clock.advance(1000);
            log.append(AuditEvent.builder("operator-" + (i % 3), "meter.upgrade")
                    .outcome(i % 4 == 0 ? AuditOutcome.REFUSED : AuditOutcome.OK)
                    .reason(i % 4 == 0 ? ErrorCode.CMD_SIGNATURE_INVALID : null)
                    .subject("meter-" + i)
                    .detail("attempt", i)
                    .build());
        }
        assertThat(log.verify().entriesChecked()).isEqualTo(10);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theTriggersRefuseUpdateAndDeleteThroughTheDatabase() throws Exception {
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate(
                "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3")))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("DELETE FROM audit_log")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("UPDATE audit_head SET seq = 3")))
                .hasMessageContaining("forward");
        assertThat(log.verify().entriesChecked()).isEqualTo(10);
    }

    @Test
    void aDeletedMiddleEntryIsASeqGapAtTheNextEntry() throws Exception {
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq = 5");
        AuditVerification v = log.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).isEqualTo(Problem.SEQ_GAP);
        assertThat(v.brokenSeq()).isEqualTo(6);
        assertThat(v.entriesChecked()).isEqualTo(4);
        assertThat(v.message()).contains("expected seq 5");
    }

    @Test
    void aDeletedMiddleEntryWithTheRestRenumberedIsAPrevMismatch() throws Exception {
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_delete", "DROP TRIGGER audit_log_no_update",
                "DELETE FROM audit_log WHERE seq = 5", "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5");
        AuditVerification v = log.verify();
        assertThat(v.problem()).isEqualTo(Problem.PREV_MISMATCH);
        assertThat(v.brokenSeq()).isEqualTo(5);
    }

    @Test
    void anAlteredFieldIsAHashMismatchAtThatEntry() throws Exception {
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_update",
                "UPDATE audit_log SET outcome = 'OK', reason = NULL WHERE seq = 4");
        AuditVerification v = log.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).isEqualTo(Problem.HASH_MISMATCH);
        assertThat(v.brokenSeq()).isEqualTo(4);
        assertThat(v.entriesChecked()).isEqualTo(3);
    }

    @Test
    void everySingleFieldIsCoveredByTheHash() throws Exception {
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_update");
        String[] edits = {
            "timestamp_ms = timestamp_ms + 1", "actor = actor || 'x'", "action = 'other'",
            "outcome = 'FAILED'", "reason = 'INTERNAL'", "subject = NULL", "detail = '{\"attempt\":99}'"};
        for (String edit : edits) {
            try (Connection c = RawSql.connect(db.file()); Statement st = c.createStatement()) {
                st.execute("SAVEPOINT s");
                st.executeUpdate("UPDATE audit_log SET " + edit + " WHERE seq = 7");
                // Verify against the altered row on this connection, then undo.
                AuditVerification v = AuditChainVerifier.verify(c);
                assertThat(v.problem()).as(edit).isEqualTo(Problem.HASH_MISMATCH);
                assertThat(v.brokenSeq()).as(edit).isEqualTo(7);
                st.execute("ROLLBACK TO s");
                st.execute("RELEASE s");
            }
        }
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void swappedEntriesAreAPrevMismatchAtTheFirstOfThem() throws Exception {
        String cols = "timestamp_ms, actor, action, outcome, reason, subject, detail, prev_hash, hash";
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_update",
                "CREATE TEMP TABLE keep AS SELECT seq, " + cols + " FROM audit_log WHERE seq IN (3, 4)",
                "UPDATE audit_log SET (" + cols + ") = (SELECT " + cols + " FROM keep WHERE keep.seq = 7 - audit_log.seq)"
                        + " WHERE seq IN (3, 4)");
        try (Connection c = RawSql.connect(db.file()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT subject FROM audit_log WHERE seq IN (3, 4) ORDER BY seq")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("meter-4");
        }
        AuditVerification v = log.verify();
        assertThat(v.problem()).isEqualTo(Problem.PREV_MISMATCH);
        assertThat(v.brokenSeq()).isEqualTo(3);
    }

    @Test
    void deletedNewestEntriesAreAHeadMismatch() throws Exception {
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq >= 9");
        AuditVerification v = log.verify();
        assertThat(v.problem()).isEqualTo(Problem.HEAD_MISMATCH);
        assertThat(v.brokenSeq()).isEqualTo(9);
        assertThat(v.entriesChecked()).isEqualTo(8);
        assertThat(v.message()).contains("newest entries were deleted");
    }

    @Test
    void aRewrittenTailWithRecomputedHashesStillFailsAgainstTheHead() throws Exception {
        RawSql.exec(db.file(), "DROP TRIGGER audit_log_no_update");
        try (Connection c = RawSql.connect(db.file())) {
            byte[] prev;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT hash FROM audit_log WHERE seq = 5")) {
                rs.next();
                prev = rs.getBytes(1);
            }
            for (long seq = 6; seq <= 10; seq++) {
                String subject = seq == 6 ? "forged" : null;
                try (PreparedStatement read = c.prepareStatement("SELECT " + SqliteAuditLog.COLUMNS
                        + " FROM audit_log WHERE seq = ?")) {
                    read.setLong(1, seq);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        String s = subject != null ? subject : rs.getString(7);
                        byte[] h = AuditHasher.hash(seq, rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), s, rs.getString(8), prev);
                        try (PreparedStatement w = c.prepareStatement(
                                "UPDATE audit_log SET subject = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                            w.setString(1, s);
                            w.setBytes(2, prev);
                            w.setBytes(3, h);
                            w.setLong(4, seq);
                            w.executeUpdate();
                        }
                        prev = h;
                    }
                }
            }
        }
        AuditVerification v = log.verify();
        assertThat(v.problem()).isEqualTo(Problem.HEAD_MISMATCH);
        assertThat(v.entriesChecked()).isEqualTo(10);
    }

}
