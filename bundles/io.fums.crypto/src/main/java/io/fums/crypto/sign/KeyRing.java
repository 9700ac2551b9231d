package io.fums.crypto.sign;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A trust store whose key material was checked: each PEM holds an EC key on
 * the curve of the declared algorithm, and each key id is the key's id.
 * Immutable and thread-safe.
 */
public final class KeyRing {

    private final TrustStore store;
    private final Map<String, EcPublicKey> keys;

    private KeyRing(TrustStore store, Map<String, EcPublicKey> keys) {
        this.store = store;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * Checks every key of {@code store}.
     *
     * @throws FumsException {@code CONFIG_INVALID} naming the first bad key
     */
    public static KeyRing of(TrustStore store) throws FumsException {
        Map<String, EcPublicKey> keys = new HashMap<>();
        for (TrustedKey k : store.keys()) {
            EcPublicKey pub;
            try {
                pub = EcKeys.readPublicKeyPem(k.publicKeyPem());
            } catch (IllegalArgumentException e) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, "trust store: key " + k.keyId() + ": " + e.getMessage(), e);
            }
            if (pub.algorithm() != k.algorithm()) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, "trust store: key " + k.keyId() + " is declared "
                        + k.algorithm().id() + " but is a " + pub.algorithm().curve() + " key");
            }
            if (!pub.keyId().equals(k.keyId())) {
                throw new FumsException(ErrorCode.CONFIG_INVALID, "trust store: key " + k.keyId()
                        + " does not match its public key, whose id is " + pub.keyId());
            }
            keys.put(k.keyId(), pub);
        }
        return new KeyRing(store, keys);
    }

    /** The trust store. */
    public TrustStore store() {
        return store;
    }

    /** The checked public key of a trusted key id. */
    public Optional<EcPublicKey> publicKey(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }
}
