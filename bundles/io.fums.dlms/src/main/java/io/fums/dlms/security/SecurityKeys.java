package io.fums.dlms.security;

import java.util.Arrays;
import java.util.Objects;

/**
 * The symmetric keys of security suite 0: the global unicast encryption key
 * (block cipher key, EK) and the authentication key (AK), 16 bytes each.
 * {@link #toString()} never shows them.
 *
 * @param blockCipherKey    EK, AES-128
 * @param authenticationKey AK, part of the additional authenticated data
 */
public record SecurityKeys(byte[] blockCipherKey, byte[] authenticationKey) {

    /** Validates the sizes and copies. */
    public SecurityKeys {
        Objects.requireNonNull(blockCipherKey, "blockCipherKey");
        Objects.requireNonNull(authenticationKey, "authenticationKey");
        if (blockCipherKey.length != 16 || authenticationKey.length != 16) {
            throw new IllegalArgumentException("security suite 0 keys have 16 bytes");
        }
        blockCipherKey = blockCipherKey.clone();
        authenticationKey = authenticationKey.clone();
    }

    @Override
    public byte[] blockCipherKey() {
        return blockCipherKey.clone();
    }

    @Override
    public byte[] authenticationKey() {
        return authenticationKey.clone();
    }

    /** The same authentication key with another encryption key (a dedicated key). */
    public SecurityKeys withBlockCipherKey(byte[] key) {
        return new SecurityKeys(key, authenticationKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityKeys k && Arrays.equals(k.blockCipherKey, blockCipherKey)
                && Arrays.equals(k.authenticationKey, authenticationKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockCipherKey) * 31 + Arrays.hashCode(authenticationKey);
    }

    @Override
    public String toString() {
        return "SecurityKeys[hidden]";
    }
}
