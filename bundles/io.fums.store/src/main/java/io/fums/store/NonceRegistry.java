package io.fums.store;

import io.fums.api.error.FumsException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Replay protection for signed commands (SEC-3, SEC-4): remembers every
 * (issuer key id, nonce) pair until well after it expired, and refuses a
 * pair it has seen before.
 *
 * <p>The expiry check itself belongs to the caller (a command past its
 * expiry is refused before its nonce is registered). Nonces are pruned when
 * their expiry is older than a grace period (default 24 h, configuration
 * {@code nonce.grace.seconds}), so a clock stepped back by less than the
 * grace period cannot revive a pruned nonce.
 *
 * <p><b>Thread-safety:</b> safe to call from any thread; registering the
 * same pair from several threads at once returns true to exactly one.
 */
@ProviderType
public interface NonceRegistry {

    /** The longest issuer key id and nonce accepted, in characters. */
    int MAX_LENGTH = 256;

    /**
     * Atomically records a nonce if it was not seen before.
     *
     * @param issuerKeyId the id of the key that signed the command; not empty,
     *     at most {@link #MAX_LENGTH} characters
     * @param nonce the command's nonce; not empty, at most {@link #MAX_LENGTH}
     *     characters
     * @param expiresAtMillis when the command expires, UTC ms
     * @return true if the pair is new and is now durably recorded; false if it
     *     was registered before (a replay), whatever its expiry
     * @throws FumsException {@code CMD_MALFORMED} for an empty or over-long
     *     issuer or nonce; {@code CMD_EXPIRED} if {@code expiresAtMillis} is
     *     not in the future; {@code STORAGE_FAILED} if it cannot be recorded
     *     (the command must then be refused)
     */
    boolean register(String issuerKeyId, String nonce, long expiresAtMillis) throws FumsException;

    /**
     * Deletes nonces whose expiry is older than now minus the grace period.
     * Also done automatically from time to time by {@link #register}.
     *
     * @return the number of nonces deleted
     * @throws FumsException {@code STORAGE_FAILED} on I/O error
     */
    int prune() throws FumsException;
}
