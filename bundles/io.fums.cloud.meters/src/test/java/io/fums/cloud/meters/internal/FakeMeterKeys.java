package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.meter.access.MeterKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The meter key store's contract in memory, for the handler's tests (the real one: meter.reading's MeterKeysTest). */
final class FakeMeterKeys implements MeterKeys {

    final Map<String, byte[][]> stored = new HashMap<>();
    private final Set<String> meters;

    FakeMeterKeys(String... meters) {
        this.meters = Set.of(meters);
    }

    @Override
    public KeyInfo provision(String meterId, byte[] encryptionKey, byte[] authenticationKey) throws FumsException {
        if (!meters.contains(meterId)) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, "no meter " + meterId + " in the inventory");
        }
        stored.put(meterId, new byte[][] {encryptionKey.clone(), authenticationKey.clone()});
        return keyInfo(meterId).orElseThrow();
    }

    @Override
    public KeyInfo rotate(String meterId, byte[] masterKey, byte[] encryptionKey, byte[] authenticationKey)
            throws FumsException {
        if (!stored.containsKey(meterId)) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, "no meter " + meterId + " in the inventory");
        }
        rotatedWith.put(meterId, masterKey.clone());
        return provision(meterId, encryptionKey, authenticationKey);
    }

    /** The master key each rotation was given. */
    final Map<String, byte[]> rotatedWith = new HashMap<>();

    /** Meters with keys of an interrupted rotation pending (the real store: meter.reading's KeyRotationTest). */
    final Set<String> pending = new java.util.HashSet<>();

    @Override
    public Optional<KeyInfo> pendingKeyInfo(String meterId) {
        return pending.contains(meterId) ? Optional.of(new KeyInfo(meterId, "pending-ek", "pending-ak",
                "kek-of-the-test", Source.CLOUD, 0)) : Optional.empty();
    }

    /** The shared media (serial links) of the inventory, and their broadcast keys as stored. */
    final Set<String> media = new java.util.HashSet<>();
    final Map<String, byte[][]> broadcast = new HashMap<>();

    @Override
    public BroadcastKeyInfo provisionBroadcast(String linkId, byte[] broadcastKey, byte[] authenticationKey)
            throws FumsException {
        if (!media.contains(linkId)) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, "no meter of the inventory on a serial link " + linkId);
        }
        broadcast.put(linkId, new byte[][] {broadcastKey.clone(), authenticationKey.clone()});
        return broadcastKeyInfo(linkId).orElseThrow();
    }

    @Override
    public Optional<BroadcastKeyInfo> broadcastKeyInfo(String linkId) {
        byte[][] k = broadcast.get(linkId);
        return k == null ? Optional.empty() : Optional.of(new BroadcastKeyInfo(linkId,
                KeyEncryptionKey.fingerprint(k[0]), KeyEncryptionKey.fingerprint(k[1]), "kek-of-the-test", 0));
    }

    @Override
    public Optional<KeyInfo> keyInfo(String meterId) {
        byte[][] k = stored.get(meterId);
        return k == null ? Optional.empty() : Optional.of(new KeyInfo(meterId, KeyEncryptionKey.fingerprint(k[0]),
                KeyEncryptionKey.fingerprint(k[1]), "kek-of-the-test", Source.CLOUD, 0));
    }
}
