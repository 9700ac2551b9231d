package io.fums.crypto;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import java.time.Duration;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates a state-changing command (deploy software, stage firmware,
 * start or cancel a campaign, disconnect) before it is acted on (SEC-3, SEC-4).
 *
 * <p>The envelope is a JSON object (UTF-8):
 * <pre>{@code
 * {
 *   "formatVersion": 1,
 *   "keyId": "3f9a0c51d2e87b44",
 *   "alg": "ECDSA-P256-SHA256",
 *   "payload": "<base64 of the signed bytes>",
 *   "sig": "<base64 of the DER ECDSA signature over the signed bytes>"
 * }
 * }</pre>
 * The signed bytes are the payload after base64 decoding, verbatim: a UTF-8
 * JSON object with exactly the fields {@code operation} (string),
 * {@code targetDcuId} (device id), {@code issuedAt} and {@code expiresAt}
 * (RFC 3339 UTC, e.g. {@code 2026-03-01T12:00:00Z}), {@code nonce} (16 to 128
 * characters of {@code [A-Za-z0-9_-]}) and {@code body} (a JSON object). The
 * signer may serialise it any way it likes; the verifier checks the signature
 * on the bytes as received and parses them only afterwards, so no
 * canonicalisation is involved. Base64 is RFC 4648 section 4 with padding.
 *
 * <p>Since 1.1 the envelope may also carry {@code "cosignatures": [{"keyId",
 * "alg", "sig"}, ...]} (at most 4): further operators' signatures over the
 * same signed bytes, each checked like the first (same refusals). The result
 * names them ({@link VerifiedCommand#cosignerKeyIds()},
 * {@link VerifiedCommand#signerKeyIds()}); whether an operation needs more
 * than one signer (dual control, SEC-4) is the caller's policy.
 *
 * <p>Refusals, in the order checked:
 * {@code CMD_TOO_LARGE} (envelope over the size limit), {@code CMD_MALFORMED}
 * (not a JSON object of the form above), {@code CMD_UNSIGNED} (no
 * {@code sig} or no {@code keyId}), {@code CMD_SIGNATURE_INVALID} (unknown key,
 * revoked key, a key whose role is not operator, algorithm not the key's, or
 * a signature that does not verify), {@code CMD_NONCANONICAL} (a valid
 * signature in its high-s form: only s &lt;= n/2 is accepted, so a signature
 * has one encoding), {@code CMD_MALFORMED} (signed bytes not
 * of the form above), {@code CMD_WRONG_TARGET} (for another DCU),
 * {@code CMD_EXPIRED} (now after {@code expiresAt} + skew, {@code issuedAt}
 * after now + skew, {@code expiresAt} not after {@code issuedAt}, or a
 * lifetime longer than the configured maximum). An unusable trust store gives
 * {@code CONFIG_MISSING} or {@code CONFIG_INVALID}.
 *
 * <p>Replay is not checked here: see {@link VerifiedCommand}. Thread-safe.
 */
@ProviderType
public interface CommandVerifier {

    /**
     * Verifies a command envelope.
     *
     * @param envelope      the envelope JSON as received, UTF-8 bytes
     * @param expectedDcuId this DCU's id
     * @param now           the current time
     * @param maxSkew       the clock difference tolerated between operator and DCU;
     *                      not negative, at most 1 hour
     * @return the verified command
     * @throws FumsException if the command is refused; the code says why
     */
    VerifiedCommand verify(byte[] envelope, DeviceId expectedDcuId, Instant now, Duration maxSkew) throws FumsException;
}
