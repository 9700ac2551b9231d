package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.DlmsException;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.SecurityKeys;
import java.util.Arrays;
import java.util.Optional;

/**
 * Ciphered broadcast on a shared medium (SEC-3): an APDU glo-ciphered with
 * the medium's broadcast key ({@link MeterKeyStore#broadcastKeys}, unwrapped
 * per APDU) under the medium's own invocation counter. The counter is kept
 * per medium and key in the {@link CounterStore} (the name
 * {@code broadcast|<medium>|<broadcast key id>}; a new broadcast key starts a
 * new counter space, as the meters forget the last broadcast counter with
 * it), and reserved durably before the APDU is returned, so a counter is
 * never sent twice, even across a DCU kill. Thread-safe.
 */
final class BroadcastCiphers {

    private final MeterKeyStore keys;
    private final CounterStore counters;

    BroadcastCiphers(MeterKeyStore keys, CounterStore counters) {
        this.keys = keys;
        this.counters = counters;
    }

    /** The counter store's name of a medium's broadcast counter under a key. */
    static String counterName(String medium, String broadcastKeyId) {
        return "broadcast|" + medium + "|" + broadcastKeyId;
    }

    /** Whether the medium has a broadcast key. */
    boolean has(String medium) throws FumsException {
        return keys.broadcastInfo(medium).isPresent();
    }

    /**
     * {@code plain} glo-ciphered with the medium's broadcast key and its next broadcast counter, that counter
     * durably reserved.
     *
     * @param senderSystemTitle the system title the meters know the sender by (their associations'), 8 octets
     * @param suite             the security suite, 0 or 1
     * @throws DlmsException CONFIG_MISSING: no broadcast key for the medium; STORAGE_FAILED: the counter not stored
     *                       (nothing may be sent); STORAGE_CORRUPT: the key does not unwrap
     */
    byte[] protect(String medium, byte[] senderSystemTitle, int suite, byte[] plain) throws DlmsException {
        Optional<SecurityKeys> k;
        try {
            k = keys.broadcastKeys(medium);
        } catch (FumsException e) {
            throw new DlmsException(e.code(), e.getMessage(), e);
        }
        if (k.isEmpty()) {
            throw new DlmsException(ErrorCode.CONFIG_MISSING, "medium " + medium + ": no broadcast key in the DCU's"
                    + " key store: provision it from the cloud (meters.keys.provision with mediumId); nothing sent");
        }
        byte[] bk = k.get().blockCipherKey();
        byte[] ak = k.get().authenticationKey();
        try {
            String name = counterName(medium, KeyEncryptionKey.fingerprint(bk));
            BroadcastChannel channel;
            try {
                channel = new BroadcastChannel(senderSystemTitle, bk, ak, counters.counters(name), suite);
            } catch (FumsException e) {
                throw new DlmsException(e.code(), "medium " + medium + ": broadcast counter: " + e.getMessage(), e);
            }
            synchronized (this) { // the counter taken is the one reserved
                byte[] out = channel.protect(plain);
                counters.beforeSend(name);
                return out;
            }
        } finally {
            Arrays.fill(bk, (byte) 0);
            Arrays.fill(ak, (byte) 0);
        }
    }

    /** The next broadcast counter stored for the medium under its current key, -1 if none (tests, diagnostics). */
    long storedCounter(String medium) throws FumsException {
        Optional<io.fums.meter.access.MeterKeys.BroadcastKeyInfo> info = keys.broadcastInfo(medium);
        return info.isEmpty() ? -1 : counters.stored(counterName(medium, info.get().broadcastKeyId()));
    }
}
