package io.fums.crypto;

import io.fums.api.device.DeviceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A command whose operator signature, target and validity period were
 * checked by {@link CommandVerifier}. Its nonce has <em>not</em> been checked
 * for replay: the caller must record {@link #nonce()} (with {@link #keyId()})
 * in its nonce registry and refuse it if already present
 * ({@code CMD_REPLAYED}), keeping it at least until {@link #retainNonceUntil()}.
 *
 * @param operation        the operation name, e.g. {@code deploy}
 * @param targetDcuId      the DCU the command is for (equal to the expected one)
 * @param issuedAt         when the operator issued it
 * @param expiresAt        after this instant (plus the allowed skew) it is refused
 * @param nonce            the single-use value the operator chose
 * @param bodyJson         the {@code body} object as compact JSON text; the
 *                         operation's parameters, parsed by its handler
 * @param keyId            the operator key that signed
 * @param payloadSha256    SHA-256 of the exact signed bytes, 64 lower-case hex
 *                         digits: identifies the command in audit entries
 * @param retainNonceUntil until when the nonce must stay in the registry
 *                         ({@code expiresAt} plus the allowed clock skew): a
 *                         replay after that instant is refused as expired
 */
public record VerifiedCommand(String operation, DeviceId targetDcuId, Instant issuedAt, Instant expiresAt,
                              String nonce, String bodyJson, String keyId, String payloadSha256,
                              Instant retainNonceUntil) {

    /** Rejects null components. */
    public VerifiedCommand {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(targetDcuId, "targetDcuId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(bodyJson, "bodyJson");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        Objects.requireNonNull(retainNonceUntil, "retainNonceUntil");
    }
}
