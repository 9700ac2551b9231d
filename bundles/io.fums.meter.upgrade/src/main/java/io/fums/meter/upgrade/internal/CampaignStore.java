package io.fums.meter.upgrade.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import io.fums.store.Database;
import io.fums.store.Migration;
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

/**
 * The durable campaigns: each one's spec (as JSON), state, the waves whose
 * failures the operator acknowledged, and its alarms; and the staged
 * firmware packages, one per signed manifest. Every change is committed
 * before the call returns.
 */
final class CampaignStore {

    private static final List<Migration> MIGRATIONS = List.of(Migration.sql(1, "campaigns and staged firmware",
            "CREATE TABLE campaign (id TEXT PRIMARY KEY, spec TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,"
                    + " acknowledged_waves INTEGER NOT NULL DEFAULT 0, firmware_version TEXT NOT NULL,"
                    + " created INTEGER NOT NULL, updated INTEGER NOT NULL)",
            "CREATE TABLE campaign_target (campaign TEXT NOT NULL, position INTEGER NOT NULL, meter TEXT NOT NULL,"
                    + " PRIMARY KEY (campaign, position))",
            "CREATE TABLE campaign_alarm (id INTEGER PRIMARY KEY AUTOINCREMENT, campaign TEXT NOT NULL, meter TEXT,"
                    + " code TEXT NOT NULL, message TEXT NOT NULL, at INTEGER NOT NULL)",
            "CREATE TABLE staged_firmware (package_sha256 TEXT PRIMARY KEY, manifest TEXT NOT NULL, staged INTEGER NOT NULL)"),
            Migration.sql(2, "staged firmware identified by its signed manifest",
                    "ALTER TABLE staged_firmware ADD COLUMN manifest_sha256 TEXT",
                    "CREATE UNIQUE INDEX staged_firmware_by_manifest ON staged_firmware (manifest_sha256)"));

    /** A stored campaign. */
    record Row(CampaignSpec spec, CampaignState state, String reason, int acknowledgedWaves, String firmwareVersion,
               List<String> targets, Instant created, Instant updated) {
    }

    private final Database db;
    private final Clock clock;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

    CampaignStore(Database db, Clock clock) throws FumsException {
        this.db = db;
        this.clock = clock;
        db.migrate("meter-campaign", MIGRATIONS);
    }

    /** Stores a new campaign with its resolved targets (in rollout order). */
    void create(CampaignSpec spec, String firmwareVersion, List<String> targets) throws FumsException {
        long now = clock.millis();
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM campaign WHERE id=?")) {
                st.setString(1, spec.id());
                if (st.executeQuery().next()) {
                    throw new FumsException(ErrorCode.CMD_MALFORMED, "campaign " + spec.id() + " exists already");
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO campaign (id, spec, state, firmware_version, created,"
                    + " updated) VALUES (?,?,?,?,?,?)")) {
                st.setString(1, spec.id());
                st.setString(2, CampaignSpecJson.write(spec));
                st.setString(3, CampaignState.CREATED.name());
                st.setString(4, firmwareVersion);
                st.setLong(5, now);
                st.setLong(6, now);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO campaign_target (campaign, position, meter) VALUES (?,?,?)")) {
                for (int i = 0; i < targets.size(); i++) {
                    st.setString(1, spec.id());
                    st.setInt(2, i);
                    st.setString(3, targets.get(i));
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    /** Moves a campaign to {@code state}; {@code acknowledgedWaves} is kept when negative. */
    void state(String id, CampaignState state, String reason, int acknowledgedWaves) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE campaign SET state=?, reason=?, updated=?,"
                    + " acknowledged_waves=CASE WHEN ? < 0 THEN acknowledged_waves ELSE ? END WHERE id=?")) {
                st.setString(1, state.name());
                st.setString(2, reason);
                st.setLong(3, clock.millis());
                st.setInt(4, acknowledgedWaves);
                st.setInt(5, acknowledgedWaves);
                st.setString(6, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    Optional<Row> find(String id) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM campaign WHERE id=?")) {
                st.setString(1, id);
                ResultSet rs = st.executeQuery();
                return rs.next() ? Optional.of(row(c, rs)) : Optional.<Row>empty();
            }
        });
    }

    /** Every campaign, newest first. */
    List<Row> all() throws FumsException {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM campaign ORDER BY created DESC, id")) {
                ResultSet rs = st.executeQuery();
                while (rs.next()) {
                    rows.add(row(c, rs));
                }
            }
            return rows;
        });
    }

    private Row row(java.sql.Connection c, ResultSet rs) throws SQLException, FumsException {
        String id = rs.getString("id");
        List<String> targets = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT meter FROM campaign_target WHERE campaign=? ORDER BY position")) {
            st.setString(1, id);
            ResultSet t = st.executeQuery();
            while (t.next()) {
                targets.add(t.getString(1));
            }
        }
        return new Row(CampaignSpecJson.read(rs.getString("spec")), CampaignState.valueOf(rs.getString("state")), rs.getString("reason"),
                rs.getInt("acknowledged_waves"), rs.getString("firmware_version"), targets,
                Instant.ofEpochMilli(rs.getLong("created")), Instant.ofEpochMilli(rs.getLong("updated")));
    }

    void alarm(String campaign, String meter, String code, String message) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO campaign_alarm (campaign, meter, code, message, at)"
                    + " VALUES (?,?,?,?,?)")) {
                st.setString(1, campaign);
                st.setString(2, meter);
                st.setString(3, code);
                st.setString(4, message);
                st.setLong(5, clock.millis());
                st.executeUpdate();
            }
            return null;
        });
    }

    List<String> alarms(String campaign) throws FumsException {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT message FROM campaign_alarm WHERE campaign=? ORDER BY id")) {
                st.setString(1, campaign);
                ResultSet rs = st.executeQuery();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** What {@link #stage} kept: the firmware staged, and whether it was staged before. */
    record Staged(StagedFirmware firmware, boolean before) {
    }

    /**
     * Stages {@code f} unless firmware with the same signed manifest is staged
     * already; then that one is kept and returned, unchanged.
     *
     * @param manifestSha256 SHA-256 of the exact signed manifest bytes: the identity of the firmware
     */
    Staged stage(StagedFirmware f, String manifestSha256) throws FumsException {
        JsonObject o = new JsonObject();
        o.addProperty("name", f.name());
        o.addProperty("version", f.version().toString());
        o.addProperty("vendor", f.vendor());
        o.add("compatible", gson.toJsonTree(f.compatible().stream().map(DeviceType::value).toList()));
        Map<String, String> pre = new LinkedHashMap<>();
        f.prerequisites().forEach((k, v) -> pre.put(k.value(), v.toString()));
        o.add("prerequisites", gson.toJsonTree(pre));
        o.addProperty("imageSha256", f.imageSha256());
        o.addProperty("size", f.size());
        o.addProperty("component", f.component().id());
        return db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM staged_firmware WHERE manifest_sha256=?"
                    + " OR (package_sha256=? AND manifest_sha256 IS NULL)")) {
                st.setString(1, manifestSha256);
                st.setString(2, f.packageSha256());
                ResultSet rs = st.executeQuery();
                if (rs.next()) {
                    StagedFirmware kept = firmware(rs);
                    if (rs.getString("manifest_sha256") == null) {
                        try (PreparedStatement u = c.prepareStatement("UPDATE staged_firmware SET manifest_sha256=?"
                                + " WHERE package_sha256=?")) {
                            u.setString(1, manifestSha256);
                            u.setString(2, kept.packageSha256());
                            u.executeUpdate();
                        }
                    }
                    return new Staged(kept, true);
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO staged_firmware (package_sha256, manifest, staged,"
                    + " manifest_sha256) VALUES (?,?,?,?)")) {
                st.setString(1, f.packageSha256());
                st.setString(2, gson.toJson(o));
                st.setLong(3, f.stagedAt().toEpochMilli());
                st.setString(4, manifestSha256);
                st.executeUpdate();
            }
            return new Staged(f, false);
        });
    }

    /** True if a staged firmware names {@code packageSha256} as its package. */
    boolean isStagedPackage(String packageSha256) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM staged_firmware WHERE package_sha256=?")) {
                st.setString(1, packageSha256);
                return st.executeQuery().next();
            }
        });
    }

    /** Staged firmware, newest first. */
    List<StagedFirmware> firmware() throws FumsException {
        return db.read(c -> {
            List<StagedFirmware> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM staged_firmware ORDER BY staged DESC")) {
                ResultSet rs = st.executeQuery();
                while (rs.next()) {
                    out.add(firmware(rs));
                }
            }
            return out;
        });
    }

    Optional<StagedFirmware> firmware(String packageSha256) throws FumsException {
        return firmware().stream().filter(f -> f.packageSha256().equals(packageSha256)).findFirst();
    }

    private StagedFirmware firmware(ResultSet rs) throws SQLException {
        JsonObject o = gson.fromJson(rs.getString("manifest"), JsonObject.class);
        List<String> compatible = gson.fromJson(o.get("compatible"), new TypeToken<List<String>>() { }.getType());
        Map<String, String> pre = gson.fromJson(o.get("prerequisites"), new TypeToken<Map<String, String>>() { }.getType());
        Map<DeviceType, FirmwareVersion> prerequisites = new LinkedHashMap<>();
        pre.forEach((k, v) -> prerequisites.put(DeviceType.of(k), FirmwareVersion.parse(v)));
        return new StagedFirmware(rs.getString("package_sha256"), o.get("name").getAsString(),
                FirmwareVersion.parse(o.get("version").getAsString()), o.get("vendor").getAsString(),
                compatible.stream().map(DeviceType::of).toList(), prerequisites, o.get("imageSha256").getAsString(),
                o.get("size").getAsLong(), Instant.ofEpochMilli(rs.getLong("staged")),
                o.has("component") ? FirmwareComponent.fromId(o.get("component").getAsString())
                        .orElse(FirmwareComponent.CORE) : FirmwareComponent.CORE);
    }
}
