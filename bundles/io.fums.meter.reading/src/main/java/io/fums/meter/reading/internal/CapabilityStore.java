package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.dlms.cosem.ObisCode;
import io.fums.meter.access.MeterCapabilities;
import io.fums.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every meter's capabilities (table {@code meter_capabilities}), cached in
 * memory: loaded once, written through (durable when {@link #put} returns).
 * With them, which of the objects the reads ask for ({@link MeterReader#OBJECTS}) the meter's object list
 * does not name. Thread-safe.
 */
final class CapabilityStore {

    private final Database db;
    private final Map<String, MeterCapabilities> cache = new ConcurrentHashMap<>();
    private final Map<String, Set<ObisCode>> unlisted = new ConcurrentHashMap<>();

    CapabilityStore(Database db) throws FumsException {
        this.db = db;
        cache.putAll(db.read(c -> {
            Map<String, MeterCapabilities> all = new HashMap<>();
            try (PreparedStatement st = c.prepareStatement("SELECT meter, firmware, image_transfer, activation_schedule,"
                    + " disconnect_control, security_setup, firmware_ids, image_block_size, max_pdu, objects, read_at,"
                    + " unlisted FROM meter_capabilities");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String ids = rs.getString(7);
                    long block = rs.getLong(8);
                    Long blockSize = rs.wasNull() ? null : block;
                    all.put(rs.getString(1), new MeterCapabilities(rs.getString(2), rs.getInt(3) != 0,
                            rs.getInt(4) != 0, rs.getInt(5) != 0, rs.getInt(6) != 0,
                            ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")), blockSize, rs.getInt(9),
                            rs.getInt(10), Instant.ofEpochMilli(rs.getLong(11))));
                    String absent = rs.getString(12);
                    if (absent != null) {
                        unlisted.put(rs.getString(1), parse(absent));
                    }
                }
            }
            return all;
        }));
    }

    Optional<MeterCapabilities> get(String meter) {
        return Optional.ofNullable(cache.get(meter));
    }

    /**
     * Which of the objects the reads ask for the meter's object list does not name, or empty if not known (no
     * capabilities, or discovered before this was kept).
     */
    Optional<Set<ObisCode>> unlisted(String meter) {
        return Optional.ofNullable(unlisted.get(meter));
    }

    void put(String meter, MeterCapabilities caps, Set<ObisCode> absent) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO meter_capabilities (meter, firmware,"
                    + " image_transfer, activation_schedule, disconnect_control, security_setup, firmware_ids,"
                    + " image_block_size, max_pdu, objects, read_at, unlisted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, meter);
                st.setString(2, caps.firmware());
                st.setInt(3, caps.imageTransfer() ? 1 : 0);
                st.setInt(4, caps.activationSchedule() ? 1 : 0);
                st.setInt(5, caps.disconnectControl() ? 1 : 0);
                st.setInt(6, caps.securitySetup() ? 1 : 0);
                st.setString(7, String.join(",", caps.firmwareIdentifiers()));
                if (caps.imageBlockSize() == null) {
                    st.setNull(8, Types.INTEGER);
                } else {
                    st.setLong(8, caps.imageBlockSize());
                }
                st.setInt(9, caps.maxPduSize());
                st.setInt(10, caps.objects());
                st.setLong(11, caps.readAt().toEpochMilli());
                st.setString(12, absent.stream().map(ObisCode::toString).sorted().collect(Collectors.joining(",")));
                st.executeUpdate();
            }
            return null;
        });
        unlisted.put(meter, Set.copyOf(absent));
        cache.put(meter, caps);
    }

    private static Set<ObisCode> parse(String names) {
        return names.isEmpty() ? Set.of()
                : Arrays.stream(names.split(",")).map(ObisCode::parse).collect(Collectors.toUnmodifiableSet());
    }
}
