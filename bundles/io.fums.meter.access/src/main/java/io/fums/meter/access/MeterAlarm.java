package io.fums.meter.access;

import java.time.Instant;
import java.util.Objects;

/**
 * An anomaly seen on a meter (SEC-8). The meter is marked suspect when the
 * alarm is raised, and the alarm is audited.
 *
 * @param meterId the meter's id in the inventory
 * @param kind    {@link #FIRMWARE_CHANGED}, {@link #AUTHENTICATION_FAILURES}, {@link #ENERGY_BACKWARDS},
 *                {@link #CLOCK_DRIFT}, {@link #METER_SWAPPED}, {@link #COUNTER_REGRESSION} or
 *                {@link #DECIPHER_FAILURES}; more kinds
 *                may be added in minor versions: ignore kinds you do not know
 * @param message what was seen, for people (old and new identifier, the last failure)
 * @param at      when it was seen (DCU clock)
 */
public record MeterAlarm(String meterId, String kind, String message, Instant at) {

    /**
     * The meter's active firmware identifier changed, and nobody announced
     * that change with {@link MeterInventory#expectFirmware(String, String)}:
     * the meter was re-flashed behind the DCU's back, or lies.
     */
    public static final String FIRMWARE_CHANGED = "FIRMWARE_CHANGED";

    /**
     * Consecutive associations with the meter (three by default: the DCU's
     * {@code authFailureThreshold}) were refused for authentication reasons
     * (wrong password or keys, a challenge or a frame counter that did not
     * verify, a meter certificate outside its validity dates): the meter's
     * keys changed, or someone impersonates it. Raised once per series; a
     * successful association ends the series.
     */
    public static final String AUTHENTICATION_FAILURES = "AUTHENTICATION_FAILURES";

    /**
     * The active energy import register read less than the time before: the
     * register only counts up, so the meter was tampered with or replaced
     * (since 1.3).
     */
    public static final String ENERGY_BACKWARDS = "ENERGY_BACKWARDS";

    /**
     * The meter's clock is further from the DCU's than the configured bound
     * ({@code clockDriftSeconds}); raised once per excursion (since 1.3).
     */
    public static final String CLOCK_DRIFT = "CLOCK_DRIFT";

    /** Another device id answers at the meter's address: the meter was swapped (since 1.3). */
    public static final String METER_SWAPPED = "METER_SWAPPED";

    /**
     * The meter answered with an invocation counter not above the last one
     * accepted from it: a replayed response, or a meter whose counter went
     * back (reset or replaced). The response is refused. Raised at the first
     * such response, then at most once per quiet period (since 1.4).
     */
    public static final String COUNTER_REGRESSION = "COUNTER_REGRESSION";

    /**
     * Repeated responses of the meter failed their GCM authentication (wrong
     * keys, or frames forged or changed on the line): a number of them within
     * a window raises the alarm, then it stays quiet for that window (since 1.4).
     */
    public static final String DECIPHER_FAILURES = "DECIPHER_FAILURES";

    /** Checks that every component is present. */
    public MeterAlarm {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
