package io.fums.security.internal;

import io.fums.api.device.DeviceId;
import io.fums.crypto.CommandVerifier;
import io.fums.security.CommandGuard;
import io.fums.store.AuditLog;
import io.fums.store.NonceRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * io.fums.security's own {@link CommandGuard} implementation (package-private)
 * for the console's flat-classpath integration tests: same package, test
 * sources only.
 */
public final class TestGuards {

    private TestGuards() {
    }

    /** The real guard with a 5-minute clock skew. */
    public static CommandGuard commandGuard(DeviceId dcu, CommandVerifier verifier, NonceRegistry nonces, AuditLog audit,
                                            Clock clock) {
        return new AuditedCommandGuard(dcu, verifier, nonces, audit, clock, Duration.ofMinutes(5));
    }
}
