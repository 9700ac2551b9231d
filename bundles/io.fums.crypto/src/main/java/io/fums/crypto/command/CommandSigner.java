package io.fums.crypto.command;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.crypto.internal.Text;
import io.fums.crypto.sign.EcdsaSignatures;
import io.fums.crypto.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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

    /**
     * Adds {@code key}'s co-signature over the same signed bytes to an
     * envelope (dual control, SEC-4): a second operator approves exactly the
     * command the first one signed, without re-serialising it.
     *
     * @param envelope the envelope JSON as the first operator produced it
     * @return the envelope JSON with one more entry in {@code cosignatures}
     * @throws FumsException if {@code envelope} is not a command envelope
     */
    public static String cosign(SigningKey key, String envelope) throws FumsException {
        CommandCodec.Envelope e = CommandCodec.parseEnvelope(envelope.getBytes(StandardCharsets.UTF_8));
        List<CommandCodec.Cosignature> cos = new ArrayList<>(e.cosignatures());
        cos.add(new CommandCodec.Cosignature(key.keyId(), key.algorithm(), EcdsaSignatures.sign(key, e.payload())));
        return CommandCodec.writeEnvelope(new CommandCodec.Envelope(e.keyId(), e.algorithm(), e.payload(), e.signature(), cos));
    }

    /** Signs payload bytes as they are (any serialisation of the payload object). */
    public static String signBytes(SigningKey key, byte[] payload) {
        return CommandCodec.writeEnvelope(new CommandCodec.Envelope(key.keyId(), key.algorithm(), payload,
                EcdsaSignatures.sign(key, payload)));
    }
}
