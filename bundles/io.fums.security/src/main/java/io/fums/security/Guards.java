package io.fums.security;

import io.fums.api.device.DeviceId;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.PackageVerifier;
import io.fums.security.internal.AuditedCommandGuard;
import io.fums.security.internal.AuditedPackageIntake;
import io.fums.store.AuditLog;
import io.fums.store.ImageStore;
import io.fums.store.NonceRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds the gate's parts outside an OSGi framework: for tools and emulators
 * on a flat class path, and for other modules' tests that need the real gate.
 * They are the implementations the {@code io.fums.security} bundle registers
 * as services ({@link CommandGuard}, {@link PackageIntake}), with the same
 * checks, audit entries and error codes; only the configuration is given here
 * instead of read from the configuration PID {@code io.fums.security}.
 *
 * <p>Inside a framework, use the services.
 *
 * @since 1.2
 */
public final class Guards {

    /** The bundle's default clock difference tolerated between operator and DCU (120 s). */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(120);

    private Guards() {
    }

    /**
     * The command guard: signature, target and expiry by {@code verifier},
     * replay by {@code nonces}, every decision in {@code audit}.
     *
     * @param dcuId this DCU's id; {@code null} refuses every command ({@code CONFIG_MISSING}), as a DCU without an id does
     * @param verifier verifies the signed envelope
     * @param nonces refuses a replayed command
     * @param audit records every decision
     * @param clock the DCU's wall clock, which judges issue and expiry times
     * @param maxClockSkew the clock difference tolerated between operator and DCU, {@code >= 0}
     * @return the guard; thread-safe
     * @throws IllegalArgumentException if {@code maxClockSkew} is negative
     */
    public static CommandGuard commandGuard(DeviceId dcuId, CommandVerifier verifier, NonceRegistry nonces, AuditLog audit,
            Clock clock, Duration maxClockSkew) {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative: " + maxClockSkew);
        }
        return new AuditedCommandGuard(dcuId, Objects.requireNonNull(verifier, "verifier"),
                Objects.requireNonNull(nonces, "nonces"), Objects.requireNonNull(audit, "audit"),
                Objects.requireNonNull(clock, "clock"), maxClockSkew);
    }

    /**
     * The package intake: verifies a package with {@code verifier} and stores
     * it and its payloads in {@code images}; every outcome in {@code audit}.
     *
     * @param verifier verifies signatures, thresholds, sizes, hashes and compatibility
     * @param images where accepted packages and payloads are stored
     * @param audit records every outcome
     * @param stagingDir a directory for unpacking (one subdirectory per call, removed after it)
     * @param maxPackageBytes the largest package accepted, {@code > 0}
     * @return the intake; thread-safe
     * @throws IllegalArgumentException if {@code maxPackageBytes} is not positive
     */
    public static PackageIntake packageIntake(PackageVerifier verifier, ImageStore images, AuditLog audit, Path stagingDir,
            long maxPackageBytes) {
        if (maxPackageBytes <= 0) {
            throw new IllegalArgumentException("maximum package size must be positive: " + maxPackageBytes);
        }
        return new AuditedPackageIntake(Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(images, "images"),
                Objects.requireNonNull(audit, "audit"), Objects.requireNonNull(stagingDir, "stagingDir"), maxPackageBytes);
    }
}
