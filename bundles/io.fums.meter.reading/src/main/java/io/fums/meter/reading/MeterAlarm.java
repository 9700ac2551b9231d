package io.fums.meter.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * An anomaly seen on a meter (SEC-8). The meter is marked suspect when the
 * alarm is raised, and the alarm is audited.
 *
 * @param meterId the meter's id in the inventory
 * @param kind    {@link #FIRMWARE_CHANGED} or {@link #AUTHENTICATION_FAILURES}; more kinds
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
     * Three consecutive associations with the meter were refused for
     * authentication reasons (wrong password or keys, a challenge or a frame
     * counter that did not verify): the meter's keys changed, or someone
     * impersonates it. Raised once per series; a successful association ends
     * the series.
     */
    public static final String AUTHENTICATION_FAILURES = "AUTHENTICATION_FAILURES";

    /** Checks that every component is present. */
    public MeterAlarm {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
