package io.fums.crypto;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.api.firmware.FirmwareVersion;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a package's {@code manifest.json} (format version 1). The
 * JSON schema, with an example, is in {@code docs/package-format.md}; this
 * type is its parsed, validated form.
 *
 * <p>A manifest on its own proves nothing: only a {@link VerifiedPackage}
 * returned by {@link PackageVerifier} carries a manifest whose signatures
 * were checked.
 *
 * @param formatVersion         the manifest format, currently always 1
 * @param kind                  meter firmware or DCU software
 * @param name                  the product name, e.g. {@code acme-e350-fw}
 * @param version               the version this package installs
 * @param vendor                the vendor's name as shown to people
 * @param compatibleDeviceTypes the device types that may run it; at least one, no duplicates
 * @param prerequisites         device type to the minimum installed version needed
 *                              before this package (UC-1); may be empty
 * @param releaseNotes          changes against the previous version (UC-1)
 * @param payloads              the payload files; at least one, distinct file names
 * @param createdAt             when the vendor built the package
 * @param downgrade             true if the package is signed as an explicit downgrade:
 *                              only then may it install over an equal or newer version
 * @param component             the meter firmware component the image is for (since 1.5; issue 15): the core
 *                              unless the manifest's {@code component} says otherwise; always the core for
 *                              DCU software
 */
public record PackageManifest(
        int formatVersion,
        PackageKind kind,
        String name,
        FirmwareVersion version,
        String vendor,
        List<DeviceType> compatibleDeviceTypes,
        Map<DeviceType, FirmwareVersion> prerequisites,
        ReleaseNotes releaseNotes,
        List<PayloadInfo> payloads,
        Instant createdAt,
        boolean downgrade,
        FirmwareComponent component) {

    /** The only manifest format version this package version reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Copies the collections (the prerequisites keep their order) and checks
     * that nothing is missing.
     *
     * @throws IllegalArgumentException naming the invalid component
     */
    public PackageManifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion must be " + FORMAT_VERSION + ", not " + formatVersion);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(releaseNotes, "releaseNotes");
        Objects.requireNonNull(createdAt, "createdAt");
        compatibleDeviceTypes = List.copyOf(Objects.requireNonNull(compatibleDeviceTypes, "compatibleDeviceTypes"));
        if (compatibleDeviceTypes.isEmpty()) {
            throw new IllegalArgumentException("compatibleDeviceTypes must list at least one device type");
        }
        if (new HashSet<>(compatibleDeviceTypes).size() != compatibleDeviceTypes.size()) {
            throw new IllegalArgumentException("compatibleDeviceTypes lists a device type twice");
        }
        prerequisites = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(prerequisites, "prerequisites")));
        payloads = List.copyOf(Objects.requireNonNull(payloads, "payloads"));
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("payloads must list at least one file");
        }
        if (payloads.stream().map(PayloadInfo::file).distinct().count() != payloads.size()) {
            throw new IllegalArgumentException("payloads lists a file twice");
        }
        Objects.requireNonNull(component, "component");
        if (kind == PackageKind.DCU_SOFTWARE && component != FirmwareComponent.CORE) {
            throw new IllegalArgumentException("component is for meter firmware only");
        }
    }

    /** A manifest of the core's firmware, or of DCU software (the form before components, 1.4). */
    public PackageManifest(int formatVersion, PackageKind kind, String name, FirmwareVersion version, String vendor,
            List<DeviceType> compatibleDeviceTypes, Map<DeviceType, FirmwareVersion> prerequisites,
            ReleaseNotes releaseNotes, List<PayloadInfo> payloads, Instant createdAt, boolean downgrade) {
        this(formatVersion, kind, name, version, vendor, compatibleDeviceTypes, prerequisites, releaseNotes, payloads,
                createdAt, downgrade, FirmwareComponent.CORE);
    }

    /** True if {@code type} is one of {@link #compatibleDeviceTypes()}. */
    public boolean isCompatibleWith(DeviceType type) {
        return compatibleDeviceTypes.contains(type);
    }

    /** The minimum installed version a device of {@code type} needs first, if any. */
    public Optional<FirmwareVersion> prerequisiteFor(DeviceType type) {
        return Optional.ofNullable(prerequisites.get(type));
    }

    /** The same manifest with other payload entries (used when building a package). */
    public PackageManifest withPayloads(List<PayloadInfo> newPayloads) {
        return new PackageManifest(formatVersion, kind, name, version, vendor, compatibleDeviceTypes, prerequisites,
                releaseNotes, newPayloads, createdAt, downgrade, component);
    }
}
