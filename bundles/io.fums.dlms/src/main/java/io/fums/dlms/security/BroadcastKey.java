package io.fums.dlms.security;

import java.util.Arrays;
import java.util.Objects;

/**
 * A receiver's global broadcast encryption key (GBEK, Green Book 9.2.3.4,
 * key_id 1 of key_transfer), the authentication key its broadcasts carry in
 * the AAD, and the counters of the broadcasts it accepted under it: the key
 * has its own invocation counter, apart from the unicast key's, so a
 * broadcast counter is checked only against broadcasts.
 *
 * <p>The Green Book has one authentication key (AK) per security context;
 * a broadcast reaches many meters, so they must share the AK it is made
 * with. It is usually the meters' own AK (a utility gives a group one AK);
 * where their unicast AKs differ, the group's broadcast AK is given here.
 * {@link #toString()} never shows the keys.
 *
 * @param key               the GBEK, AES-128 (16 bytes)
 * @param authenticationKey the AK of the broadcasts (16 bytes)
 * @param counters          the broadcasts accepted under this key; keep the instance (and persist
 *                          {@link InvocationCounters#lastReceived()}) for as long as the key lives
 * @since 1.4.0
 */
public record BroadcastKey(byte[] key, byte[] authenticationKey, InvocationCounters counters) {

    /** Validates and copies. */
    public BroadcastKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(authenticationKey, "authenticationKey");
        Objects.requireNonNull(counters, "counters");
        if (key.length != 16 || authenticationKey.length != 16) {
            throw new IllegalArgumentException("a broadcast key and its authentication key have 16 bytes");
        }
        key = key.clone();
        authenticationKey = authenticationKey.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] authenticationKey() {
        return authenticationKey.clone();
    }

    /** A receiving channel for broadcasts from the client whose system title is {@code senderSystemTitle}. */
    public BroadcastChannel receiver(byte[] senderSystemTitle, int suite) {
        return new BroadcastChannel(senderSystemTitle, key, authenticationKey, counters, suite);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BroadcastKey b && Arrays.equals(b.key, key)
                && Arrays.equals(b.authenticationKey, authenticationKey) && b.counters == counters;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "BroadcastKey[hidden, " + counters + "]";
    }
}
