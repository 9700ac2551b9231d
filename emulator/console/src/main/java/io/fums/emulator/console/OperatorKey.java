package io.fums.emulator.console;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The operator's signing key (docs/package-format.md section 6): signs each
 * state-changing command for one DCU, with a fresh nonce and a short validity,
 * into the envelope the DCU expects in the {@code fums-signature} user property.
 */
public final class OperatorKey {

    private final SigningKey key;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    private OperatorKey(SigningKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Reads an unencrypted PEM private key (PKCS#8 or SEC 1), as written by {@code fums-pkg keygen}. */
    public static OperatorKey read(Path pem) throws ConsoleException {
        try {
            byte[] b = Files.readAllBytes(pem);
            if (b.length > 16 * 1024) {
                throw new ConsoleException(2, pem + " is too large for a key file");
            }
            return new OperatorKey(EcKeys.readPrivateKeyPem(new String(b, StandardCharsets.US_ASCII)), Clock.systemUTC());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConsoleException(3, "operator key " + pem + ": no such file; give the operator's private key "
                    + "(PEM) with --operator-key or FUMS_OPERATOR_KEY", e);
        } catch (IOException e) {
            throw new ConsoleException(3, "cannot read the operator key " + pem + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(2, "invalid operator key " + pem + ": " + e.getMessage(), e);
        }
    }

    /** A key already in memory (tests). */
    public static OperatorKey of(SigningKey key) {
        return new OperatorKey(key, Clock.systemUTC());
    }

    /** The key id, as the DCU's trust store lists it. */
    public String keyId() {
        return key.keyId();
    }

    /**
     * Adds this key's co-signature to an envelope another operator signed
     * (dual control, SEC-4): the same signed bytes, a second signature.
     *
     * @throws ConsoleException if {@code envelope} is not a command envelope
     */
    public String cosign(String envelope) throws ConsoleException {
        try {
            return CommandSigner.cosign(key, envelope);
        } catch (FumsException e) {
            throw new ConsoleException(2, "not a command envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Signs a command.
     *
     * @param operation the operation, equal to the request topic's
     * @param dcuId     the target DCU
     * @param bodyJson  the body, a JSON object text (the request payload must be the same object)
     * @param ttl       validity from now
     * @return the envelope JSON
     */
    public String sign(String operation, String dcuId, String bodyJson, Duration ttl) {
        JsonObject body = JsonParser.parseString(bodyJson).getAsJsonObject();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return CommandSigner.sign(key, operation, DeviceId.of(dcuId), now, now.plus(ttl), CommandSigner.newNonce(random), body);
    }
}
