package io.fums.crypto;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A public key the DCU trusts, with its one role.
 *
 * <p>The key id is the first 16 lower-case hex digits of the SHA-256 of the
 * key's DER SubjectPublicKeyInfo (named curve, uncompressed point): the same
 * value as {@code openssl pkey -pubin -in key.pem -outform DER | sha256sum | cut -c1-16}.
 * A trust store loader checks that the id matches the key.
 *
 * @param keyId        16 lower-case hex digits
 * @param role         what the key may sign
 * @param algorithm    the algorithm (and so the curve) of the key
 * @param publicKeyPem the key as a PEM {@code PUBLIC KEY} block
 * @param label        a free text for people (who holds the key); may be empty, never null
 */
public record TrustedKey(String keyId, KeyRole role, SignatureAlgorithm algorithm, String publicKeyPem, String label) {

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    /**
     * Checks the components' form (not the key material: the trust store
     * loader does that).
     *
     * @throws IllegalArgumentException naming the invalid component
     */
    public TrustedKey {
        if (!isValidKeyId(keyId)) {
            throw new IllegalArgumentException("invalid key id '" + keyId + "': expected 16 lower-case hex digits");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
        Objects.requireNonNull(label, "label");
    }

    /** True if {@code keyId} has the form of a key id (16 lower-case hex digits). */
    public static boolean isValidKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
    }
}
