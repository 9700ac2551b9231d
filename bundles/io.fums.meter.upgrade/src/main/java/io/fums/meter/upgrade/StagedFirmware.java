package io.fums.meter.upgrade;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A meter-firmware package that passed the security gate (signatures,
 * thresholds, revocation, sizes, hashes) and sits in the image store, ready
 * for campaigns.
 *
 * @param packageSha256 the package's SHA-256: how campaigns name it
 * @param name          the package name from its manifest
 * @param version       the firmware version (also the image identifier the meters report)
 * @param vendor        the vendor
 * @param compatible    the device types it is for
 * @param prerequisites device types that need a minimum version first
 * @param imageSha256   the image's name in the image store
 * @param size          the image size in bytes
 * @param stagedAt      when it was staged
 * @param component     the meter firmware component the package carries (since 2.2, issue 15): core unless its
 *                      manifest names another
 */
public record StagedFirmware(String packageSha256, String name, FirmwareVersion version, String vendor,
                             List<DeviceType> compatible, Map<DeviceType, FirmwareVersion> prerequisites, String imageSha256,
                             long size, Instant stagedAt, FirmwareComponent component) {

    /** Core firmware (the form before components). */
    public StagedFirmware(String packageSha256, String name, FirmwareVersion version, String vendor,
            List<DeviceType> compatible, Map<DeviceType, FirmwareVersion> prerequisites, String imageSha256, long size,
            Instant stagedAt) {
        this(packageSha256, name, version, vendor, compatible, prerequisites, imageSha256, size, stagedAt,
                FirmwareComponent.CORE);
    }

    public StagedFirmware {
        Objects.requireNonNull(packageSha256, "packageSha256");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(imageSha256, "imageSha256");
        compatible = List.copyOf(compatible);
        prerequisites = Map.copyOf(prerequisites);
        Objects.requireNonNull(component, "component");
    }

    /** The image as a campaign sends it. */
    public FirmwareImage image() {
        return new FirmwareImage(version.toString(), version, imageSha256, size, compatible, prerequisites, component);
    }
}
