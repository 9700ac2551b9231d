package io.fums.meter.access;

import io.fums.api.error.FumsException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The meters' security suite 0 keys (global unicast encryption key and
 * authentication key), held wrapped at rest (SEC-1, SEC-2).
 *
 * <p>The DCU keeps each meter's keys only wrapped with its key-encryption key
 * (AES-256-GCM, the meter id and the key's role as associated data) in its
 * database; they are unwrapped in memory for each association that needs
 * them. Keys reach the store from the cloud ({@link #provision}, after the
 * caller has checked the operator's signature and opened the ECIES envelope)
 * or, once, from plaintext keys in the inventory file (logged at WARN and
 * audited as to be removed from the file). See {@code docs/security.md}, key
 * life cycle.
 *
 * <p>Nothing here ever returns a key: only key ids (fingerprints).
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 *
 * @since 1.4
 */
@ProviderType
public interface MeterKeys {

    /** Where a meter's stored keys came from. */
    enum Source {
        /** Imported from plaintext keys in the inventory file. */
        INVENTORY,
        /** Provisioned from the cloud. */
        CLOUD
    }

    /**
     * What is stored for a meter: no key, only fingerprints.
     *
     * @param meterId             the meter
     * @param encryptionKeyId     fingerprint of the global unicast encryption key (16 hex digits)
     * @param authenticationKeyId fingerprint of the authentication key
     * @param kekId               the key-encryption key that wraps them
     * @param source              where they came from
     * @param updatedMillis       when they were stored (the DCU's clock)
     */
    record KeyInfo(String meterId, String encryptionKeyId, String authenticationKeyId, String kekId, Source source,
            long updatedMillis) {
    }

    /**
     * Stores new keys for a meter of the inventory, durably, wrapped; the
     * meter's next association uses them (one in progress keeps the old ones).
     * Audited ({@code meter.keys.store}) with the key ids.
     *
     * @param meterId           a meter of the inventory
     * @param encryptionKey     16 octets
     * @param authenticationKey 16 octets
     * @return what is now stored
     * @throws FumsException {@code METER_UNKNOWN}: not in the inventory; {@code CMD_MALFORMED}: a key is not 16
     *                       octets; {@code STORAGE_FAILED}: not stored (nothing changed)
     */
    KeyInfo provision(String meterId, byte[] encryptionKey, byte[] authenticationKey) throws FumsException;

    /**
     * What is stored for a meter.
     *
     * @throws FumsException {@code STORAGE_FAILED}
     */
    Optional<KeyInfo> keyInfo(String meterId) throws FumsException;

    /**
     * Rotates a meter's keys on the meter itself (its security setup object,
     * class 64, key_transfer with the keys wrapped under the meter's master
     * key), then in the DCU. Steps, each audited with key ids
     * ({@code meter.keys.rotate.*}): the new keys are stored as pending
     * (wrapped, durable); key_transfer in an association under the current
     * keys; an association under the new keys reads the meter's device id
     * (the meter applies transferred keys from its next association); the new
     * keys become the meter's keys and the old ones are forgotten. Pending
     * keys left by an interrupted rotation (a DCU kill, a lost answer) are
     * settled at the meter's next contact, new keys first, then the old ones:
     * the store converges to what the meter holds. Invocation counters of the
     * meter start anew under new keys.
     *
     * <p>This service authorises nothing: the cloud operation checks the
     * operator's signature and that no campaign holds the meter.
     *
     * @param meterId           a meter of the inventory with keys in the DCU's store
     * @param masterKey         the meter's master key (KEK), 16 octets; used once, never stored
     * @param encryptionKey     the new global unicast encryption key, 16 octets
     * @param authenticationKey the new authentication key, 16 octets
     * @return the keys now in use (the new ones)
     * @throws FumsException {@code METER_UNKNOWN}; {@code CMD_MALFORMED}: a key is not 16 octets, or the new keys are
     *                       the current ones; {@code CONFIG_MISSING}: no current keys; {@code METER_REFUSED}: the meter
     *                       refused key_transfer (e.g. the keys do not unwrap under its master key): the old keys are
     *                       kept; {@code METER_UNREACHABLE}, {@code METER_AUTH_FAILED}, {@code METER_PROTOCOL}: the
     *                       outcome on the meter is not known: the new keys stay pending and are settled at the next
     *                       contact; {@code STORAGE_FAILED}
     * @since 1.5
     */
    KeyInfo rotate(String meterId, byte[] masterKey, byte[] encryptionKey, byte[] authenticationKey)
            throws FumsException;

    /**
     * The keys of a rotation not yet confirmed on the meter, if any.
     *
     * @throws FumsException {@code STORAGE_FAILED}
     * @since 1.5
     */
    Optional<KeyInfo> pendingKeyInfo(String meterId) throws FumsException;
    /**
     * What is stored for a shared medium's broadcast: no key, only fingerprints.
     *
     * @param linkId              the shared serial medium (as {@link MeterMedium#linkId()})
     * @param broadcastKeyId      fingerprint of the broadcast encryption key (Green Book: global broadcast key)
     * @param authenticationKeyId fingerprint of the authentication key the broadcasts carry
     * @param kekId               the key-encryption key that wraps them
     * @param updatedMillis       when they were stored (the DCU's clock)
     * @since 1.1
     */
    record BroadcastKeyInfo(String linkId, String broadcastKeyId, String authenticationKeyId, String kekId,
            long updatedMillis) {
    }

    /**
     * Stores the broadcast key of a shared medium of the inventory and the
     * authentication key its broadcasts carry, durably, wrapped with the
     * key-encryption key (the medium and the key's role as associated data),
     * replacing any. A new broadcast key starts a new broadcast invocation
     * counter space. Audited ({@code meter.keys.broadcast.store}) with the key ids.
     *
     * @param linkId            a serial link of the inventory with at least one meter (a shared medium)
     * @param broadcastKey      16 octets
     * @param authenticationKey 16 octets
     * @return what is now stored
     * @throws FumsException {@code METER_UNKNOWN}: no meter of the inventory on that serial link;
     *                       {@code CMD_MALFORMED}: a key is not 16 octets; {@code STORAGE_FAILED}: not stored
     *                       (nothing changed)
     * @since 1.1
     */
    BroadcastKeyInfo provisionBroadcast(String linkId, byte[] broadcastKey, byte[] authenticationKey)
            throws FumsException;

    /**
     * What is stored for a shared medium's broadcasts.
     *
     * @throws FumsException {@code STORAGE_FAILED}
     * @since 1.1
     */
    Optional<BroadcastKeyInfo> broadcastKeyInfo(String linkId) throws FumsException;
}
