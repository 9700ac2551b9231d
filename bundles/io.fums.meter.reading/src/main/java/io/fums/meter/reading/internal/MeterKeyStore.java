package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.security.SecurityKeys;
import io.fums.meter.access.MeterKeys.BroadcastKeyInfo;
import io.fums.meter.access.MeterKeys.KeyInfo;
import io.fums.meter.access.MeterKeys.Source;
import io.fums.store.Database;
import io.fums.store.Migration;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The meters' keys at rest: one row per meter in the DCU database
 * (synchronous=FULL), each key wrapped with the {@link KeyEncryptionKey},
 * the meter id and the key's role as associated data; a row copied to
 * another meter or a key moved to the other role does not unwrap. Keys are
 * unwrapped per call of {@link #keys}, in memory.
 *
 * <p>A rotation on the meter keeps its new keys in {@code meter_key_pending}
 * (wrapped alike, with the same associated data, so that promoting them is a
 * copy of the row) until the meter is read with them: {@link #putPending},
 * {@link #markTransferred}, then {@link #promote} (one transaction: the
 * pending keys replace the active ones) or {@link #dropPending}.
 *
 * <p>A shared medium's broadcast key and the authentication key its
 * broadcasts carry: one row per medium in {@code medium_key}, wrapped alike
 * with the medium and the role as associated data (a prefix of its own: a
 * meter's row copied there does not unwrap). Thread-safe.
 */
final class MeterKeyStore {

    /** Schema owner: apart from the readings' own, so either can add migrations. */
    static final String OWNER = "meter-keys";
    static final List<Migration> MIGRATIONS = List.of(Migration.sql(1,
            "SEC-1: meter keys wrapped with the key-encryption key",
            "CREATE TABLE meter_key (meter TEXT PRIMARY KEY, kek_id TEXT NOT NULL, encryption_key BLOB NOT NULL,"
                    + " authentication_key BLOB NOT NULL, encryption_key_id TEXT NOT NULL,"
                    + " authentication_key_id TEXT NOT NULL, source TEXT NOT NULL, updated INTEGER NOT NULL)"),
            Migration.sql(2, "SEC-1: keys of a rotation on the meter, pending until the meter is read with them",
                    "CREATE TABLE meter_key_pending (meter TEXT PRIMARY KEY, kek_id TEXT NOT NULL,"
                    + " encryption_key BLOB NOT NULL, authentication_key BLOB NOT NULL,"
                    + " encryption_key_id TEXT NOT NULL, authentication_key_id TEXT NOT NULL,"
                    + " transferred INTEGER NOT NULL, updated INTEGER NOT NULL)"),
            Migration.sql(3, "SEC-1, SEC-3: a shared medium's broadcast key and the authentication key its"
                    + " broadcasts carry, wrapped with the key-encryption key",
                    "CREATE TABLE medium_key (medium TEXT PRIMARY KEY, kek_id TEXT NOT NULL,"
                    + " broadcast_key BLOB NOT NULL, authentication_key BLOB NOT NULL, broadcast_key_id TEXT NOT NULL,"
                    + " authentication_key_id TEXT NOT NULL, updated INTEGER NOT NULL)"));

    private final Database db;
    private final KeyEncryptionKey kek;
    private final Clock clock;

    MeterKeyStore(Database db, KeyEncryptionKey kek, Clock clock) throws FumsException {
        this.db = db;
        this.kek = kek;
        this.clock = clock;
        db.migrate(OWNER, MIGRATIONS);
    }

    /** The KEK's id. */
    String kekId() {
        return kek.id();
    }

    /** Stores a meter's keys, replacing any; durable when this returns. */
    KeyInfo put(String meter, SecurityKeys keys, Source source) throws FumsException {
        Sealed w = seal(meter, keys, source);
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO meter_key (meter, kek_id, encryption_key,"
                    + " authentication_key, encryption_key_id, authentication_key_id, source, updated)"
                    + " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(meter) DO UPDATE SET kek_id=excluded.kek_id,"
                    + " encryption_key=excluded.encryption_key, authentication_key=excluded.authentication_key,"
                    + " encryption_key_id=excluded.encryption_key_id,"
                    + " authentication_key_id=excluded.authentication_key_id, source=excluded.source,"
                    + " updated=excluded.updated")) {
                w.bind(st);
                st.setString(7, source.name());
                st.setLong(8, w.info().updatedMillis());
                st.executeUpdate();
            }
            return null;
        });
        return w.info();
    }

    /** Stores a rotation's new keys as pending (replacing any pending); durable when this returns. */
    KeyInfo putPending(String meter, SecurityKeys keys) throws FumsException {
        Sealed w = seal(meter, keys, Source.CLOUD);
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO meter_key_pending (meter,"
                    + " kek_id, encryption_key, authentication_key, encryption_key_id, authentication_key_id,"
                    + " transferred, updated) VALUES (?,?,?,?,?,?,0,?)")) {
                w.bind(st);
                st.setLong(7, w.info().updatedMillis());
                st.executeUpdate();
            }
            return null;
        });
        return w.info();
    }

    /** A meter's keys wrapped with the KEK, and their ids; the plaintext copies are zeroed. */
    private Sealed seal(String meter, SecurityKeys keys, Source source) throws FumsException {
        byte[] ek = keys.blockCipherKey();
        byte[] ak = keys.authenticationKey();
        try {
            return new Sealed(new KeyInfo(meter, KeyEncryptionKey.fingerprint(ek), KeyEncryptionKey.fingerprint(ak),
                    kek.id(), source, clock.millis()), kek.wrap(ek, aad(meter, "encryption")),
                    kek.wrap(ak, aad(meter, "authentication")));
        } finally {
            Arrays.fill(ek, (byte) 0);
            Arrays.fill(ak, (byte) 0);
        }
    }

    /** Wrapped keys and their ids, bound as parameters 1 to 6: meter, kek id, the two keys, the two key ids. */
    private record Sealed(KeyInfo info, byte[] encryptionKey, byte[] authenticationKey) {
        void bind(PreparedStatement st) throws java.sql.SQLException {
            st.setString(1, info.meterId());
            st.setString(2, info.kekId());
            st.setBytes(3, encryptionKey);
            st.setBytes(4, authenticationKey);
            st.setString(5, info.encryptionKeyId());
            st.setString(6, info.authenticationKeyId());
        }
    }

    /** Records that the meter accepted the pending keys' key_transfer (for diagnostics: both outcomes are tried). */
    void markTransferred(String meter) throws FumsException {
        update(meter, "UPDATE meter_key_pending SET transferred=1 WHERE meter=?");
    }

    /** The pending keys become the meter's keys, in one transaction; the old ones are forgotten. */
    void promote(String meter) throws FumsException {
        long now = clock.millis();
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO meter_key (meter, kek_id,"
                    + " encryption_key, authentication_key, encryption_key_id, authentication_key_id, source, updated)"
                    + " SELECT meter, kek_id, encryption_key, authentication_key, encryption_key_id,"
                    + " authentication_key_id, ?, ? FROM meter_key_pending WHERE meter=?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM meter_key_pending WHERE meter=?")) {
                st.setString(1, Source.CLOUD.name());
                st.setLong(2, now);
                st.setString(3, meter);
                st.executeUpdate();
                del.setString(1, meter);
                del.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets the pending keys (the meter never took them). */
    void dropPending(String meter) throws FumsException {
        update(meter, "DELETE FROM meter_key_pending WHERE meter=?");
    }

    /** The pending keys' ids, and whether the meter accepted their key_transfer. */
    Optional<Pending> pendingInfo(String meter) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT encryption_key_id, authentication_key_id, kek_id,"
                    + " updated, transferred FROM meter_key_pending WHERE meter=?")) {
                st.setString(1, meter);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new Pending(new KeyInfo(meter, rs.getString(1), rs.getString(2),
                            rs.getString(3), Source.CLOUD, rs.getLong(4)), rs.getInt(5) != 0)) : Optional.empty();
                }
            }
        });
    }

    /** The meters with pending keys. */
    List<String> pendingMeters() throws FumsException {
        return db.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT meter FROM meter_key_pending ORDER BY meter");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** A meter's pending keys, unwrapped. */
    Optional<SecurityKeys> pendingKeys(String meter) throws FumsException {
        return unwrapped(meter, "meter_key_pending", "pending keys");
    }

    /** A rotation's pending keys: their ids, and whether the meter accepted their key_transfer. */
    record Pending(KeyInfo info, boolean transferred) {
    }

    private void update(String meter, String sql) throws FumsException {
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, meter);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** What is stored for a meter, without unwrapping. */
    Optional<KeyInfo> info(String meter) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT encryption_key_id, authentication_key_id, kek_id,"
                    + " source, updated FROM meter_key WHERE meter=?")) {
                st.setString(1, meter);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new KeyInfo(meter, rs.getString(1), rs.getString(2),
                            rs.getString(3), Source.valueOf(rs.getString(4)), rs.getLong(5))) : Optional.empty();
                }
            }
        });
    }

    /**
     * A meter's keys, unwrapped.
     *
     * @throws FumsException {@code STORAGE_CORRUPT}: a key does not unwrap (another KEK, copied, changed)
     */
    Optional<SecurityKeys> keys(String meter) throws FumsException {
        return unwrapped(meter, "meter_key", "stored keys");
    }

    private Optional<SecurityKeys> unwrapped(String meter, String table, String what) throws FumsException {
        Optional<byte[][]> row = wrappedRow("SELECT encryption_key, authentication_key FROM " + table
                + " WHERE meter=?", meter);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(unwrap("meter " + meter + ": " + what, row.get(), aad(meter, "encryption"),
                aad(meter, "authentication")));
    }

    /** The two wrapped keys that {@code sql} selects for {@code key}, if any. */
    private Optional<byte[][]> wrappedRow(String sql, String key) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new byte[][] {rs.getBytes(1), rs.getBytes(2)}) : Optional.empty();
                }
            }
        });
    }

    /** Two wrapped keys, unwrapped into keys whose plaintext copies are zeroed. */
    private SecurityKeys unwrap(String what, byte[][] wrapped, byte[] firstAad, byte[] secondAad)
            throws FumsException {
        byte[] ek = null;
        byte[] ak = null;
        try {
            ek = kek.unwrap(wrapped[0], firstAad);
            ak = kek.unwrap(wrapped[1], secondAad);
            return new SecurityKeys(ek, ak);
        } catch (FumsException e) {
            throw new FumsException(e.code(), what + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FumsException(ErrorCode.STORAGE_CORRUPT, what + ": " + e.getMessage());
        } finally {
            if (ek != null) {
                Arrays.fill(ek, (byte) 0);
            }
            if (ak != null) {
                Arrays.fill(ak, (byte) 0);
            }
        }
    }

    /** Stores a medium's broadcast keys, replacing any; durable when this returns. The keys are zeroed. */
    BroadcastKeyInfo putBroadcast(String medium, byte[] broadcastKey, byte[] authenticationKey) throws FumsException {
        BroadcastKeyInfo info;
        byte[] bk;
        byte[] ak;
        try {
            info = new BroadcastKeyInfo(medium, KeyEncryptionKey.fingerprint(broadcastKey),
                    KeyEncryptionKey.fingerprint(authenticationKey), kek.id(), clock.millis());
            bk = kek.wrap(broadcastKey, broadcastAad(medium, "broadcast"));
            ak = kek.wrap(authenticationKey, broadcastAad(medium, "authentication"));
        } finally {
            Arrays.fill(broadcastKey, (byte) 0);
            Arrays.fill(authenticationKey, (byte) 0);
        }
        db.write(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO medium_key (medium, kek_id,"
                    + " broadcast_key, authentication_key, broadcast_key_id, authentication_key_id, updated)"
                    + " VALUES (?,?,?,?,?,?,?)")) {
                st.setString(1, medium);
                st.setString(2, info.kekId());
                st.setBytes(3, bk);
                st.setBytes(4, ak);
                st.setString(5, info.broadcastKeyId());
                st.setString(6, info.authenticationKeyId());
                st.setLong(7, info.updatedMillis());
                st.executeUpdate();
            }
            return null;
        });
        return info;
    }

    /** What is stored for a medium's broadcasts, without unwrapping. */
    Optional<BroadcastKeyInfo> broadcastInfo(String medium) throws FumsException {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT broadcast_key_id, authentication_key_id, kek_id,"
                    + " updated FROM medium_key WHERE medium=?")) {
                st.setString(1, medium);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new BroadcastKeyInfo(medium, rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getLong(4))) : Optional.empty();
                }
            }
        });
    }

    /**
     * A medium's broadcast key and the authentication key its broadcasts carry, unwrapped.
     *
     * @throws FumsException {@code STORAGE_CORRUPT}: a key does not unwrap (another KEK, copied, changed)
     */
    Optional<SecurityKeys> broadcastKeys(String medium) throws FumsException {
        Optional<byte[][]> row = wrappedRow("SELECT broadcast_key, authentication_key FROM medium_key"
                + " WHERE medium=?", medium);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(unwrap("medium " + medium + ": broadcast keys", row.get(),
                broadcastAad(medium, "broadcast"), broadcastAad(medium, "authentication")));
    }

    private static byte[] broadcastAad(String medium, String role) {
        return ("fums medium key|" + medium + "|" + role).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] aad(String meter, String role) {
        return ("fums meter key|" + meter + "|" + role).getBytes(StandardCharsets.UTF_8);
    }
}
