package io.fums.crypto;

import io.fums.api.device.DeviceId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * @param cosignerKeyIds   the further operator keys whose co-signatures over
 *                         the same signed bytes verified, in envelope order
 *                         (may repeat {@code keyId} or each other: see
 *                         {@link #signerKeyIds()}); empty for a command signed once
 */
public record VerifiedCommand(String operation, DeviceId targetDcuId, Instant issuedAt, Instant expiresAt,
                              String nonce, String bodyJson, String keyId, String payloadSha256,
                              Instant retainNonceUntil, List<String> cosignerKeyIds) {

    /**
     * A command signed by one operator key.
     *
     * @since 1.1
     */
    public VerifiedCommand(String operation, DeviceId targetDcuId, Instant issuedAt, Instant expiresAt,
                           String nonce, String bodyJson, String keyId, String payloadSha256, Instant retainNonceUntil) {
        this(operation, targetDcuId, issuedAt, expiresAt, nonce, bodyJson, keyId, payloadSha256, retainNonceUntil,
                List.of());
    }

    /**
     * The distinct operator keys that signed, {@link #keyId()} first: the
     * number of independent operators who approved the command (dual control,
     * SEC-4, needs two). The same key signing twice counts once.
     *
     * @since 1.1
     */
    public List<String> signerKeyIds() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(keyId);
        ids.addAll(cosignerKeyIds);
        return List.copyOf(ids);
    }

    /** Rejects null components; copies the co-signers. */
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
        cosignerKeyIds = List.copyOf(cosignerKeyIds);
    }
}
