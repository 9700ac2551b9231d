package io.fums.crypto.command;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.KeyRole;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.internal.PayloadCheck;
import io.fums.crypto.internal.Text;
import io.fums.crypto.sign.EcdsaSignatures;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.TrustSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The plain Java command verifier (no OSGi needed); see {@link CommandVerifier}.
 * Thread-safe; each call reads the trust store from its {@link TrustSource} once.
 */
public final class DefaultCommandVerifier implements CommandVerifier {

    private final TrustSource trust;
    private final CommandLimits limits;

    /** A verifier with the given trust store and limits. */
    public DefaultCommandVerifier(TrustSource trust, CommandLimits limits) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public VerifiedCommand verify(byte[] envelope, DeviceId expectedDcuId, Instant now, Duration maxSkew) throws FumsException {
        Objects.requireNonNull(expectedDcuId, "expectedDcuId");
        Objects.requireNonNull(now, "now");
        if (maxSkew == null || maxSkew.isNegative() || maxSkew.compareTo(CommandLimits.MAX_SKEW) > 0) {
            throw new IllegalArgumentException("maxSkew must be between 0 and " + CommandLimits.MAX_SKEW);
        }
        if (envelope == null || envelope.length == 0) {
            throw new FumsException(ErrorCode.CMD_UNSIGNED, "no command envelope");
        }
        if (envelope.length > limits.maxEnvelopeBytes()) {
            throw new FumsException(ErrorCode.CMD_TOO_LARGE, "command envelope is " + envelope.length
                    + " bytes, more than the limit of " + limits.maxEnvelopeBytes());
        }
        try {
            return check(envelope, expectedDcuId, now, maxSkew);
        } catch (RuntimeException e) {
            throw new FumsException(ErrorCode.INTERNAL, "command verification failed unexpectedly: " + e, e);
        }
    }

    private VerifiedCommand check(byte[] envelope, DeviceId expectedDcuId, Instant now, Duration maxSkew) throws FumsException {
        CommandCodec.Envelope env = CommandCodec.parseEnvelope(envelope);
        KeyRing ring = trust.get();
        String id = env.keyId();
        checkSignature(ring, id, env.algorithm(), env.payload(), env.signature(), "command signature");
        List<String> cosigners = new ArrayList<>();
        for (CommandCodec.Cosignature c : env.cosignatures()) {
            checkSignature(ring, c.keyId(), c.algorithm(), env.payload(), c.signature(), "command co-signature");
            cosigners.add(c.keyId());
        }
        CommandCodec.Payload p = CommandCodec.parsePayload(env.payload());
        if (!p.targetDcuId().equals(expectedDcuId)) {
            throw new FumsException(ErrorCode.CMD_WRONG_TARGET, "command is for DCU " + p.targetDcuId() + ", this is " + expectedDcuId);
        }
        if (!p.expiresAt().isAfter(p.issuedAt())) {
            throw expired("expiresAt " + p.expiresAt() + " is not after issuedAt " + p.issuedAt());
        }
        if (Duration.between(p.issuedAt(), p.expiresAt()).compareTo(limits.maxLifetime()) > 0) {
            throw expired("lifetime " + Duration.between(p.issuedAt(), p.expiresAt()) + " is longer than the allowed "
                    + limits.maxLifetime());
        }
        if (p.issuedAt().isAfter(now.plus(maxSkew))) {
            throw expired("issued at " + p.issuedAt() + ", in the future (now " + now + ", skew " + maxSkew + ")");
        }
        if (now.isAfter(p.expiresAt().plus(maxSkew))) {
            throw expired("expired at " + p.expiresAt() + " (now " + now + ", skew " + maxSkew + ")");
        }
        return new VerifiedCommand(p.operation(), p.targetDcuId(), p.issuedAt(), p.expiresAt(), p.nonce(),
                CommandCodec.compact(p.body()), id, Text.hex(PayloadCheck.sha256().digest(env.payload())),
                p.expiresAt().plus(maxSkew), cosigners);
    }

    /** One operator signature over the payload: a known, unrevoked operator key, its algorithm, valid, low-s. */
    private static void checkSignature(KeyRing ring, String id, SignatureAlgorithm alg, byte[] payload, byte[] sig,
                                       String what) throws FumsException {
        TrustStore store = ring.store();
        if (store.isRevoked(id)) {
            throw invalid(what + " by revoked key " + id);
        }
        Optional<TrustedKey> trusted = store.key(id);
        if (trusted.isEmpty()) {
            throw invalid(what + " by key " + id + ", which the trust store does not know");
        }
        if (trusted.get().role() != KeyRole.OPERATOR) {
            throw invalid(what + " by key " + id + ", a " + trusted.get().role().id() + " key: only operator keys sign commands");
        }
        if (alg != trusted.get().algorithm() || !EcdsaSignatures.verify(ring.publicKey(id).orElseThrow(), alg, payload, sig)) {
            throw invalid(what + " by key " + id + " does not verify");
        }
        if (!EcdsaSignatures.isLowS(alg, sig)) {
            throw new FumsException(ErrorCode.CMD_NONCANONICAL, what + " by key " + id
                    + " verifies but has a high s (above n/2): only the low-s form is accepted");
        }
    }

    private static FumsException invalid(String message) {
        return new FumsException(ErrorCode.CMD_SIGNATURE_INVALID, message);
    }

    private static FumsException expired(String message) {
        return new FumsException(ErrorCode.CMD_EXPIRED, "command " + message);
    }
}
