package io.fums.store.internal;

import io.fums.store.AuditVerification;
import io.fums.store.AuditVerification.Problem;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Walks the audit chain in one read transaction. Works on the raw stored
 * text, never on parsed values, so that any altered byte changes the hash.
 */
final class AuditChainVerifier {

    private AuditChainVerifier() {
    }

    static AuditVerification verify(Connection c) throws SQLException {
        long expectedSeq = 1;
        byte[] prev = AuditHasher.zeroHash();
        long checked = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + SqliteAuditLog.COLUMNS + " FROM audit_log ORDER BY seq")) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (seq != expectedSeq) {
                    String why = seq > expectedSeq
                            ? "expected seq " + expectedSeq + ", found " + seq + ": entries " + expectedSeq
                                    + (seq - 1 > expectedSeq ? ".." + (seq - 1) : "") + " are missing"
                            : "expected seq " + expectedSeq + ", found " + seq;
                    return AuditVerification.broken(checked, seq, Problem.SEQ_GAP, why);
                }
                byte[] storedPrev = rs.getBytes(9);
                if (storedPrev == null || !MessageDigest.isEqual(storedPrev, prev)) {
                    return AuditVerification.broken(checked, seq, Problem.PREV_MISMATCH,
                            "entry " + seq + " does not chain to entry " + (seq - 1)
                                    + ": replaced, re-ordered, or an earlier entry was removed");
                }
                byte[] computed = AuditHasher.hash(seq, rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), storedPrev);
                byte[] stored = rs.getBytes(10);
                if (stored == null || !MessageDigest.isEqual(stored, computed)) {
                    return AuditVerification.broken(checked, seq, Problem.HASH_MISMATCH,
                            "entry " + seq + " does not match its hash: a field was altered");
                }
                prev = stored;
                expectedSeq++;
                checked++;
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
            if (!rs.next()) {
                return checked == 0 ? AuditVerification.intact(0)
                        : AuditVerification.broken(checked, checked + 1, Problem.HEAD_MISMATCH,
                                "the head record is missing");
            }
            long headSeq = rs.getLong(1);
            byte[] headHash = rs.getBytes(2);
            if (headSeq != checked) {
                return AuditVerification.broken(checked, checked + 1, Problem.HEAD_MISMATCH,
                        "the log ends at entry " + checked + " but its head record says " + headSeq
                                + (headSeq > checked ? ": the newest entries were deleted" : ""));
            }
            if (headHash == null || !MessageDigest.isEqual(headHash, prev)) {
                return AuditVerification.broken(checked, checked + 1, Problem.HEAD_MISMATCH,
                        "entry " + checked + " is not the entry the head record names");
            }
        }
        return AuditVerification.intact(checked);
    }
}
