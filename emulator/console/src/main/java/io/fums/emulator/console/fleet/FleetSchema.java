package io.fums.emulator.console.fleet;

import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.LogEntry;
import io.fums.emulator.console.fleet.FleetStore.MeterResult;
import io.fums.emulator.console.fleet.FleetStore.Rollout;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import io.fums.store.Migration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The fleet store's schema (docs/console-fleet.md section 6) and how its rows map to the read API's records. */
final class FleetSchema {

    /** The schema owner in the database. */
    static final String OWNER = "console.fleet";
    /** The migrations, in order (never change a released one: add one). */
    static final List<Migration> MIGRATIONS = List.of(Migration.sql(1, "fleet rollouts",
            "CREATE TABLE fleet_rollout(id TEXT PRIMARY KEY, kind TEXT NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,"
                    + " reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE fleet_rollout_dcu(rollout_id TEXT NOT NULL REFERENCES fleet_rollout(id), dcu_id TEXT NOT NULL,"
                    + " wave INTEGER NOT NULL, position INTEGER NOT NULL, state TEXT NOT NULL, campaign_id TEXT,"
                    + " code TEXT, message TEXT, meters_total INTEGER NOT NULL DEFAULT 0, wait_until TEXT,"
                    + " started_at TEXT, ended_at TEXT, updated_at TEXT NOT NULL, PRIMARY KEY(rollout_id, dcu_id))",
            "CREATE TABLE fleet_meter_result(dcu_id TEXT NOT NULL, campaign_id TEXT NOT NULL, meter_id TEXT NOT NULL,"
                    + " rollout_id TEXT NOT NULL, state TEXT NOT NULL, error_code TEXT, message TEXT, at TEXT,"
                    + " event_id TEXT, source TEXT NOT NULL, worker TEXT NOT NULL, received_at TEXT NOT NULL,"
                    + " PRIMARY KEY(dcu_id, campaign_id, meter_id))",
            "CREATE INDEX fleet_meter_result_rollout ON fleet_meter_result(rollout_id, dcu_id)",
            "CREATE TABLE fleet_worker(worker TEXT PRIMARY KEY, events INTEGER NOT NULL DEFAULT 0,"
                    + " results INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE fleet_dcu_snapshot(dcu_id TEXT PRIMARY KEY, state TEXT NOT NULL, seen_at TEXT NOT NULL)",
            "CREATE TABLE fleet_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, rollout_id TEXT NOT NULL, at TEXT NOT NULL,"
                    + " dcu_id TEXT, message TEXT NOT NULL)",
            "CREATE INDEX fleet_log_rollout ON fleet_log(rollout_id, seq)"));

    private FleetSchema() {
    }

    static Rollout rollout(ResultSet r) throws SQLException {
        return new Rollout(r.getString("id"), RolloutSpec.fromJson(r.getString("spec")), r.getString("state"),
                r.getString("reason"), instant(r.getString("created_at")), instant(r.getString("updated_at")));
    }

    static RolloutDcu dcu(ResultSet r) throws SQLException {
        return new RolloutDcu(r.getString("rollout_id"), r.getString("dcu_id"), r.getInt("wave"), r.getInt("position"),
                DcuState.valueOf(r.getString("state")), r.getString("campaign_id"), r.getString("code"),
                r.getString("message"), r.getInt("meters_total"), instant(r.getString("wait_until")),
                instant(r.getString("started_at")), instant(r.getString("ended_at")), instant(r.getString("updated_at")));
    }

    static MeterResult result(ResultSet r) throws SQLException {
        return new MeterResult(r.getString("rollout_id"), r.getString("dcu_id"), r.getString("campaign_id"),
                r.getString("meter_id"), r.getString("state"), r.getString("error_code"), r.getString("message"),
                r.getString("at"), r.getString("event_id"), r.getString("source"), r.getString("worker"),
                instant(r.getString("received_at")));
    }

    static LogEntry logEntry(ResultSet r) throws SQLException {
        return new LogEntry(r.getLong("seq"), r.getString("rollout_id"), instant(r.getString("at")),
                r.getString("dcu_id"), r.getString("message"));
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
