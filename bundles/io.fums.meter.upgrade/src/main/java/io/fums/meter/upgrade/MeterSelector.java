package io.fums.meter.upgrade;

import io.fums.api.device.DeviceType;

/**
 * Selects a campaign's target meters from the DCU's inventory: every meter of
 * a device type, optionally only those that run a given firmware identifier
 * (as last read from the meter, SM-1).
 *
 * @param deviceType         the device type; required
 * @param firmwareIdentifier the active firmware identifier the meters must run, or null for any
 */
public record MeterSelector(DeviceType deviceType, String firmwareIdentifier) {

    public MeterSelector {
        if (deviceType == null) {
            throw new IllegalArgumentException("selector: deviceType is required");
        }
        if (firmwareIdentifier != null && firmwareIdentifier.isBlank()) {
            firmwareIdentifier = null;
        }
    }
}
