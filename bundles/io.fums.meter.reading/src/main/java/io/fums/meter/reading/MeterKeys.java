package io.fums.meter.reading;

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
}
