package io.fums.meter.upgrade;

import java.time.Instant;
import java.util.Objects;

/**
 * When verified images become active (SM-9, UMS-1): right after
 * verification, or all together at one time written into each meter's
 * activation schedule (0-0:15.0.2.255).
 *
 * @param at null for "immediately", else the activation time
 */
public record ActivationPolicy(Instant at) {

    public static ActivationPolicy immediately() {
        return new ActivationPolicy(null);
    }

    public static ActivationPolicy at(Instant time) {
        return new ActivationPolicy(Objects.requireNonNull(time, "time"));
    }

    public boolean scheduled() {
        return at != null;
    }
}
