package io.fums.meter.upgrade;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A verified meter firmware image, as a campaign sends it: taken from a
 * signed meter-firmware package (UC-1).
 *
 * @param identifier     the image identifier sent with image_transfer_initiate, and the
 *                       active firmware identifier the meter reports once it runs it
 * @param version        the image's version
 * @param sha256         its name in the image store
 * @param size           its size in bytes
 * @param compatible     the device types it is for
 * @param prerequisites  device types that need a minimum version installed first
 * @param component      the firmware component it replaces (since 2.2, issue 15); its identifier object
 *                       ({@link FirmwareComponent#identifierObis()}) is read for compatibility and after activation
 */
public record FirmwareImage(String identifier, FirmwareVersion version, String sha256, long size, List<DeviceType> compatible,
                            Map<DeviceType, FirmwareVersion> prerequisites, FirmwareComponent component) {

    /** A core image (the form before components). */
    public FirmwareImage(String identifier, FirmwareVersion version, String sha256, long size,
            List<DeviceType> compatible, Map<DeviceType, FirmwareVersion> prerequisites) {
        this(identifier, version, sha256, size, compatible, prerequisites, FirmwareComponent.CORE);
    }

    public FirmwareImage {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        compatible = List.copyOf(compatible);
        prerequisites = Map.copyOf(prerequisites);
        Objects.requireNonNull(component, "component");
    }
}
