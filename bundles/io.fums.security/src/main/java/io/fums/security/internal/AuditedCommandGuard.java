package io.fums.security.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.VerifiedCommand;
import io.fums.security.CommandGuard;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.NonceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CommandGuard}: signature, target and expiry by the
 * {@link CommandVerifier}, replay by the {@link NonceRegistry}, every decision
 * in the {@link AuditLog}. Plain class; {@link SecurityComponents} wires it.
 */
public final class AuditedCommandGuard implements CommandGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedCommandGuard.class);

    private final DeviceId dcuId;
    private final CommandVerifier verifier;
    private final NonceRegistry nonces;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration maxSkew;

    /** {@code dcuId} null: the DCU has no id configured, and every command is refused. */
    public AuditedCommandGuard(DeviceId dcuId, CommandVerifier verifier, NonceRegistry nonces, AuditLog audit, Clock clock, Duration maxSkew) {
        this.dcuId = dcuId;
        this.verifier = verifier;
        this.nonces = nonces;
        this.audit = audit;
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    @Override
    public DeviceId dcuId() {
        return dcuId;
    }

    @Override
    public VerifiedCommand admit(byte[] envelope, String expectedOperation, String channel, RequestCheck check)
            throws FumsException {
        String operation = expectedOperation == null ? "?" : expectedOperation;
        if (dcuId == null) {
            throw refuse(new FumsException(ErrorCode.CONFIG_MISSING, "this DCU has no id (framework property fums.dcu.id or"
                    + " FUMS_DCU_ID): no command can be addressed to it"), operation, channel);
        }
        if (envelope == null || envelope.length == 0) {
            throw refuse(new FumsException(ErrorCode.CMD_UNSIGNED, "operation " + operation
                    + " changes state and needs an operator signature"), operation, channel);
        }
        VerifiedCommand command;
        try {
            command = verifier.verify(envelope, dcuId, clock.instant(), maxSkew);
        } catch (FumsException e) {
            throw refuse(e, operation, channel);
        }
        if (expectedOperation != null && !expectedOperation.equals(command.operation())) {
            throw refuse(new FumsException(ErrorCode.CMD_MALFORMED, "the signature is for operation " + command.operation()
                    + ", the request is for " + expectedOperation), operation, channel, command.keyId());
        }
        try {
            check.check(command);
        } catch (FumsException e) {
            throw refuse(e, operation, channel, command.keyId(), command.signerKeyIds());
        }
        // Registered last: a refused copy (another body, another operation) must not burn the genuine nonce.
        if (!nonces.register(command.keyId(), command.nonce(), command.retainNonceUntil().toEpochMilli())) {
            throw refuse(new FumsException(ErrorCode.CMD_REPLAYED, "nonce " + command.nonce() + " of key " + command.keyId()
                    + " was already used"), operation, channel, command.keyId());
        }
        audit.append(AuditEvent.builder(command.keyId(), "command.admit").subject(command.operation())
                .detail("channel", channel).detail("nonce", command.nonce()).detail("issuedAt", command.issuedAt().toString())
                .detail("payloadSha256", command.payloadSha256())
                .detail("signers", String.join(",", command.signerKeyIds())).build());
        return command;
    }

    @Override
    public FumsException refuse(FumsException why, String operation, String channel) {
        return refuse(why, operation, channel, "unauthenticated");
    }

    private FumsException refuse(FumsException why, String operation, String channel, String actor) {
        return refuse(why, operation, channel, actor, List.of());
    }

    /** {@code signers}: every key whose signature verified (SEC-4: both of a dual-control command), else empty. */
    private FumsException refuse(FumsException why, String operation, String channel, String actor, List<String> signers) {
        try {
            AuditEvent.Builder b = AuditEvent.builder(actor, "command.refuse").refused(why.code())
                    .subject(operation == null ? "?" : operation).detail("channel", channel).detail("message", why.getMessage());
            if (!signers.isEmpty()) {
                b.detail("signers", String.join(",", signers));
            }
            audit.append(b.build());
        } catch (FumsException e) {
            LOG.error("auditing a refused command failed: {} (refusal: {})", e, why);
            why.addSuppressed(e);
        }
        LOG.warn("command {} from {} refused: {}", operation, channel, why.toString());
        return why;
    }
}
