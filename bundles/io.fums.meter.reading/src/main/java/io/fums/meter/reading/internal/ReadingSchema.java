package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.store.Database;
import io.fums.store.Migration;
import java.util.List;

/** The bundle's tables in the DCU database, owner {@value #OWNER}. Add migrations; never change one. */
final class ReadingSchema {

    static final String OWNER = "meter-reading";

    static final List<Migration> MIGRATIONS = List.of(Migration.sql(1,
            "meter readings, read statistics, invocation counters, meter state",
            // one row per reading; values as a JSON object of OBIS code to text
            "CREATE TABLE meter_reading (id INTEGER PRIMARY KEY AUTOINCREMENT, meter TEXT NOT NULL,"
                    + " periodic INTEGER NOT NULL, scheduled_at INTEGER NOT NULL, read_at INTEGER NOT NULL,"
                    + " reading_values TEXT NOT NULL)",
            "CREATE INDEX meter_reading_meter ON meter_reading(meter, id)",
            "CREATE INDEX meter_reading_time ON meter_reading(read_at)",
            "CREATE TABLE meter_read_stats (meter TEXT PRIMARY KEY, scheduled INTEGER NOT NULL DEFAULT 0,"
                    + " done INTEGER NOT NULL DEFAULT 0, missed INTEGER NOT NULL DEFAULT 0, last_read_at INTEGER)",
            // the DCU's invocation counter towards each meter: next_to_send is never below any counter used
            "CREATE TABLE meter_counter (meter TEXT PRIMARY KEY, next_to_send INTEGER NOT NULL,"
                    + " last_received INTEGER NOT NULL, updated INTEGER NOT NULL)",
            // SEC-8: last known firmware, announced firmware, authentication failures, suspect mark
            "CREATE TABLE meter_state (meter TEXT PRIMARY KEY, firmware TEXT, firmware_at INTEGER,"
                    + " expected_firmware TEXT, expected_at INTEGER, auth_failures INTEGER NOT NULL DEFAULT 0,"
                    + " suspect_kind TEXT, suspect_message TEXT, suspect_at INTEGER)"),
            Migration.sql(2, "read statistics count the values a meter could not serve",
                    "ALTER TABLE meter_read_stats ADD COLUMN items_missing INTEGER NOT NULL DEFAULT 0"),
            Migration.sql(3, "SEC-8: the device id a meter identified with, and whether its clock is beyond the bound",
                    "ALTER TABLE meter_state ADD COLUMN device_id TEXT",
                    "ALTER TABLE meter_state ADD COLUMN clock_drift INTEGER NOT NULL DEFAULT 0"),
            Migration.sql(4, "what each meter offers, from its association object list (issue 15)",
                    "CREATE TABLE meter_capabilities (meter TEXT PRIMARY KEY, firmware TEXT NOT NULL,"
                            + " image_transfer INTEGER NOT NULL, activation_schedule INTEGER NOT NULL,"
                            + " disconnect_control INTEGER NOT NULL, security_setup INTEGER NOT NULL,"
                            + " firmware_ids TEXT NOT NULL, image_block_size INTEGER, max_pdu INTEGER NOT NULL,"
                            + " objects INTEGER NOT NULL, read_at INTEGER NOT NULL)"),
            Migration.sql(5, "which of the objects the reads ask for a meter's object list does not name (issue 15)",
                    // comma-separated logical names; null: not known (discovered before this column)
                    "ALTER TABLE meter_capabilities ADD COLUMN unlisted TEXT"));

    private ReadingSchema() {
    }

    static void migrate(Database db) throws FumsException {
        db.migrate(OWNER, MIGRATIONS);
    }
}
