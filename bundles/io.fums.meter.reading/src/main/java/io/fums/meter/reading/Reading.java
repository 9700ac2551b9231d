package io.fums.meter.reading;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of a meter: the values it answered, keyed by OBIS code
 * ({@code "A-B:C.D.E.F"}), as text.
 *
 * <p>A periodic reading holds
 * <ul>
 * <li>{@code 1-0:1.8.0.255} and {@code 1-0:2.8.0.255}, active energy import and
 *     export: the register value scaled by its scaler_unit, with the unit,
 *     e.g. {@code "12345.6 Wh"};</li>
 * <li>{@code 0-0:1.0.0.255}, the meter's clock, ISO-8601 with its offset
 *     (e.g. {@code "2025-06-01T12:00:00Z"});</li>
 * <li>{@code 1-0:0.2.0.255}, the active firmware identifier.</li>
 * </ul>
 * An object the meter refused to read holds {@code "error: <data-access-result>"}
 * (e.g. {@code "error: object-undefined"}).
 *
 * @param meterId     the meter's id in the inventory
 * @param scheduledAt the period this reading belongs to (the start of the period), or the
 *                    time it was asked for when read on demand
 * @param readAt      when the meter's answer arrived (DCU clock)
 * @param values      OBIS code to value; unmodifiable, in the order read
 */
public record Reading(String meterId, Instant scheduledAt, Instant readAt, Map<String, String> values) {

    /** Checks that every component is present and copies the values. */
    public Reading {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(readAt, "readAt");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }
}
