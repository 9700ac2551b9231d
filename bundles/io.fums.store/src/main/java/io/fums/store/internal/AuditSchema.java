package io.fums.store.internal;

import io.fums.store.Migration;
import java.util.List;

/** The audit log's tables, owner {@value #OWNER}. */
final class AuditSchema {

    static final String OWNER = "audit";

    static final List<Migration> MIGRATIONS = List.of(
            Migration.sql(1, "audit log chain, head record, append-only triggers",
                    "CREATE TABLE audit_log ("
                            + " seq INTEGER PRIMARY KEY,"
                            + " timestamp_ms INTEGER NOT NULL,"
                            + " actor TEXT NOT NULL,"
                            + " action TEXT NOT NULL,"
                            + " outcome TEXT NOT NULL,"
                            + " reason TEXT,"
                            + " subject TEXT,"
                            + " detail TEXT,"
                            + " prev_hash BLOB NOT NULL,"
                            + " hash BLOB NOT NULL)",
                    "CREATE INDEX audit_log_time ON audit_log (timestamp_ms)",
                    "CREATE INDEX audit_log_action ON audit_log (action, timestamp_ms)",
                    "CREATE TABLE audit_head ("
                            + " id INTEGER PRIMARY KEY CHECK (id = 1),"
                            + " seq INTEGER NOT NULL,"
                            + " hash BLOB NOT NULL)",
                    // Defence in depth: the chain detects tampering, the triggers stop the casual kind.
                    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
                            + " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
                    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
                            + " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
                    "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <> OLD.seq + 1"
                            + " BEGIN SELECT RAISE(ABORT, 'audit head only moves forward by one'); END",
                    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
                            + " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"));

    private AuditSchema() {
    }
}
