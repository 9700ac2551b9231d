package io.fums.crypto.command;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on command envelopes.
 *
 * @param maxEnvelopeBytes largest envelope accepted
 * @param maxLifetime      longest validity period ({@code expiresAt - issuedAt}) accepted
 */
public record CommandLimits(int maxEnvelopeBytes, Duration maxLifetime) {

    /** 64 KiB envelopes, lifetime at most 1 hour. */
    public static final CommandLimits DEFAULTS = new CommandLimits(64 * 1024, Duration.ofHours(1));

    /** Longest clock skew a caller may allow. */
    public static final Duration MAX_SKEW = Duration.ofHours(1);

    /** Rejects unusable values. */
    public CommandLimits {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (maxEnvelopeBytes < 1024 || maxLifetime.isNegative() || maxLifetime.isZero() || maxLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("command limits: envelope at least 1024 bytes, lifetime between 1 s and 7 days");
        }
    }
}
