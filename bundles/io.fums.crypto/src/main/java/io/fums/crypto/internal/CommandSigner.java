package io.fums.crypto.internal;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/** Produces signed command envelopes for an operator (tools, tests, the cloud console emulator). */
public final class CommandSigner {

    private CommandSigner() {
    }

    /** A fresh nonce: 16 random bytes, base64url without padding (22 characters). */
    public static String newNonce(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Signs a command.
     *
     * @return the envelope JSON
     * @throws IllegalArgumentException if the operation or nonce is not of a valid form
     */
    public static String sign(SigningKey key, String operation, DeviceId target, Instant issuedAt, Instant expiresAt,
                              String nonce, JsonObject body) {
        if (!CommandCodec.OPERATION.matcher(operation).matches()) {
            throw new IllegalArgumentException("invalid operation '" + Text.printable(operation) + "'");
        }
        if (!CommandCodec.NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("invalid nonce: 16 to 128 characters of A-Z a-z 0-9 _ -");
        }
        byte[] payload = CommandCodec.writePayload(new CommandCodec.Payload(operation, target, issuedAt, expiresAt, nonce, body));
        return signBytes(key, payload);
    }

    /** Signs payload bytes as they are (any serialisation of the payload object). */
    public static String signBytes(SigningKey key, byte[] payload) {
        return CommandCodec.writeEnvelope(new CommandCodec.Envelope(key.keyId(), key.algorithm(), payload,
                EcdsaSignatures.sign(key, payload)));
    }
}
