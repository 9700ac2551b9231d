package io.fums.crypto;

import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.EcPublicKey;
import io.fums.crypto.sign.EcdsaSignatures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The DCU's signature on the messages it publishes (SEC-6), as MQTT 5 user
 * properties {@value #KEY_PROPERTY} (the key id) and {@value #SIG_PROPERTY}
 * (base64 of a low-s DER ECDSA P-256 signature).
 *
 * <p>The signed bytes bind the topic to the payload, so a genuine message
 * cannot be replayed under another topic (another DCU, another event kind):
 * the ASCII text {@code fums-msg-v1}, a line feed, the topic in UTF-8, a line
 * feed, then the payload octets exactly as published (no canonicalisation:
 * the verifier checks the bytes it received).
 */
public final class MessageSignatures {

    /** User property with the signer's key id. */
    public static final String KEY_PROPERTY = "fums-sig-key";
    /** User property with the signature (base64, RFC 4648 section 4). */
    public static final String SIG_PROPERTY = "fums-sig";

    private static final byte[] DOMAIN = "fums-msg-v1\n".getBytes(StandardCharsets.US_ASCII);

    /** What a verifier concludes about one message. */
    public enum Verdict {
        /** Signed by the expected key, and the signature verifies. */
        VERIFIED,
        /** No signature properties. */
        UNSIGNED,
        /** Signed, but not by the key expected for this DCU, or the signature does not verify. */
        FORGED
    }

    private MessageSignatures() {
    }

    /** The bytes a DCU signs for a message. */
    public static byte[] signedBytes(String topic, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(DOMAIN.length + topic.length() + 1 + payload.length);
        out.writeBytes(DOMAIN);
        out.writeBytes(topic.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The signature property value for a message, made with {@code signer}. */
    public static String sign(DeviceSigner signer, String topic, byte[] payload) {
        return Base64.getEncoder().encodeToString(signer.sign(signedBytes(topic, payload)));
    }

    /**
     * Judges a message against the public key expected for its DCU.
     *
     * @param publicKeyPem the DCU's registered public key (PEM SubjectPublicKeyInfo)
     * @param keyId        the {@value #KEY_PROPERTY} property, or null
     * @param signature    the {@value #SIG_PROPERTY} property, or null
     * @throws IllegalArgumentException if {@code publicKeyPem} is not an EC public key on P-256 or P-384
     */
    public static Verdict verify(String publicKeyPem, String topic, byte[] payload, String keyId, String signature) {
        if (keyId == null && signature == null) {
            return Verdict.UNSIGNED;
        }
        EcPublicKey key = EcKeys.readPublicKeyPem(publicKeyPem);
        if (keyId == null || signature == null || !key.keyId().equals(keyId)
                || signature.length() > 4 * (EcdsaSignatures.MAX_SIGNATURE_BYTES + 2) / 3 + 4) {
            return Verdict.FORGED;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        boolean ok = EcdsaSignatures.isLowS(key.algorithm(), der)
                && EcdsaSignatures.verify(key, key.algorithm(), signedBytes(topic, payload), der);
        return ok ? Verdict.VERIFIED : Verdict.FORGED;
    }

    /** The key id of a PEM public key (as {@link DeviceSigner#keyId()}). */
    public static String keyId(String publicKeyPem) {
        return EcKeys.readPublicKeyPem(publicKeyPem).keyId();
    }
}
