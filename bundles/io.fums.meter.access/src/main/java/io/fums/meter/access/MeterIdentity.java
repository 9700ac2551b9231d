package io.fums.meter.access;

import java.time.Instant;
import java.util.Objects;

/**
 * What a meter said about itself when it was identified (SM-1).
 *
 * @param meterId            the meter's id in the inventory
 * @param deviceId           the serial number it serves at 0-0:96.1.0.255
 * @param firmwareIdentifier its active firmware identifier, 1-0:0.2.0.255
 * @param readAt             when the answer arrived (DCU clock)
 */
public record MeterIdentity(String meterId, String deviceId, String firmwareIdentifier, Instant readAt) {

    /** Checks that every component is present. */
    public MeterIdentity {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(firmwareIdentifier, "firmwareIdentifier");
        Objects.requireNonNull(readAt, "readAt");
    }
}
