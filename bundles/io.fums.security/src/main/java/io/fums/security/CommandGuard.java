package io.fums.security;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.crypto.VerifiedCommand;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Admits state-changing operator commands (deploy software, stage firmware,
 * start/cancel a campaign, disconnect): a command is admitted only with a
 * valid operator signature over the command, this DCU's id, an issue time and
 * a nonce; an expired command, one for another DCU, and a replayed nonce are
 * refused. Read-only queries need no signature and do not come here.
 *
 * <p>Thread-safe. A nonce is recorded durably before the command is admitted,
 * so a replay is refused also after a DCU restart. It is recorded only after
 * every check has passed (signature, target, expiry, operation and the
 * caller's {@link RequestCheck}): a refused copy of a command never burns the
 * nonce of the genuine one.
 */
@ProviderType
public interface CommandGuard {

    /** This DCU's id, which commands must name as their target. */
    DeviceId dcuId();

    /**
     * A check of a verified command against the request that carried it (for
     * example: the request's payload is the body the operator signed). It runs
     * after the signature, target, expiry and operation checks and before the
     * nonce is registered and the admission audited.
     */
    @FunctionalInterface
    interface RequestCheck {
        /**
         * @param command the verified command
         * @throws FumsException the refusal (its code and message are audited and returned to the caller)
         */
        void check(VerifiedCommand command) throws FumsException;
    }

    /**
     * Admits a signed command envelope or refuses it; as
     * {@link #admit(byte[], String, String, RequestCheck)} without a request check.
     *
     * @param envelope          the envelope bytes as received (see docs/package-format.md);
     *                          null or empty when the request carried no signature
     * @param expectedOperation the operation the request asked for (the signed
     *                          operation must be the same); null to accept any
     * @param channel           where it came from, for the audit log (e.g. {@code mqtt}, {@code shell})
     * @return the verified command
     * @throws FumsException {@code CMD_UNSIGNED}, {@code CMD_MALFORMED},
     *     {@code CMD_SIGNATURE_INVALID}, {@code CMD_NONCANONICAL}, {@code CMD_EXPIRED},
     *     {@code CMD_WRONG_TARGET}, {@code CMD_REPLAYED}; always audited
     */
    default VerifiedCommand admit(byte[] envelope, String expectedOperation, String channel) throws FumsException {
        return admit(envelope, expectedOperation, channel, command -> { });
    }

    /**
     * Admits a signed command envelope or refuses it. Every check, including
     * {@code check}, passes before the nonce is registered and the command is
     * audited as admitted; any refusal leaves the nonce unused.
     *
     * @param envelope          the envelope bytes as received (see docs/package-format.md);
     *                          null or empty when the request carried no signature
     * @param expectedOperation the operation the request asked for (the signed
     *                          operation must be the same); null to accept any
     * @param channel           where it came from, for the audit log (e.g. {@code mqtt}, {@code shell})
     * @param check             the caller's check of the command against its request
     * @return the verified command
     * @throws FumsException {@code CMD_UNSIGNED}, {@code CMD_MALFORMED},
     *     {@code CMD_SIGNATURE_INVALID}, {@code CMD_EXPIRED},
     *     {@code CMD_WRONG_TARGET}, {@code CMD_REPLAYED}, or the check's own; always audited
     * @since 1.1
     */
    VerifiedCommand admit(byte[] envelope, String expectedOperation, String channel, RequestCheck check)
            throws FumsException;

    /**
     * Audits a request refused before it reached {@link #admit} (malformed,
     * unknown operation, too large) and returns the exception to send back.
     */
    FumsException refuse(FumsException why, String operation, String channel);
}
