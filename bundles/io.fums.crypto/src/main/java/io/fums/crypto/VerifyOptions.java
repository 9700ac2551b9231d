package io.fums.crypto;

import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import java.util.Optional;

/**
 * What a package is verified for: the device that will run it, the version
 * that device has installed, the kind the caller expects, and where the
 * payloads go while they are checked.
 *
 * <p>Every part is optional, and each one left out skips its check:
 * a DCU installing a package must give the device type and the installed
 * version (a tool checking a package's signatures need not). When a device
 * type is given and the package names a prerequisite for it, an unknown
 * installed version is refused ({@code PKG_PREREQUISITE}).
 *
 * <p>Immutable; start from {@link #none()} and add what applies:
 * <pre>{@code
 * VerifyOptions.none()
 *     .forDevice(DeviceType.of("ACME-E350"), FirmwareVersion.parse("2.4.1"))
 *     .expectKind(PackageKind.METER_FIRMWARE)
 *     .copyTo(store::openTemporary);
 * }</pre>
 */
public final class VerifyOptions {

    private static final VerifyOptions NONE = new VerifyOptions(null, null, null, null);

    private final DeviceType deviceType;
    private final FirmwareVersion installedVersion;
    private final PackageKind expectedKind;
    private final PayloadSink sink;

    private VerifyOptions(DeviceType deviceType, FirmwareVersion installedVersion, PackageKind expectedKind, PayloadSink sink) {
        this.deviceType = deviceType;
        this.installedVersion = installedVersion;
        this.expectedKind = expectedKind;
        this.sink = sink;
    }

    /** No device checks, no sink: signatures, structure, sizes and hashes only. */
    public static VerifyOptions none() {
        return NONE;
    }

    /**
     * Checks compatibility with {@code type} ({@code PKG_INCOMPATIBLE}) and,
     * if {@code installed} is not null, the prerequisite ({@code PKG_PREREQUISITE})
     * and anti-rollback ({@code PKG_DOWNGRADE}) against it.
     */
    public VerifyOptions forDevice(DeviceType type, FirmwareVersion installed) {
        return new VerifyOptions(type, installed, expectedKind, sink);
    }

    /** Checks anti-rollback against {@code installed} without a device type. */
    public VerifyOptions installedVersion(FirmwareVersion installed) {
        return new VerifyOptions(deviceType, installed, expectedKind, sink);
    }

    /** Refuses a package of another kind ({@code PKG_INCOMPATIBLE}). */
    public VerifyOptions expectKind(PackageKind kind) {
        return new VerifyOptions(deviceType, installedVersion, kind, sink);
    }

    /** Streams each payload to {@code payloadSink} while it is hashed. */
    public VerifyOptions copyTo(PayloadSink payloadSink) {
        return new VerifyOptions(deviceType, installedVersion, expectedKind, payloadSink);
    }

    /** The device type to check compatibility and prerequisites for. */
    public Optional<DeviceType> deviceType() {
        return Optional.ofNullable(deviceType);
    }

    /** The version the device runs now, for prerequisite and anti-rollback checks. */
    public Optional<FirmwareVersion> installedVersion() {
        return Optional.ofNullable(installedVersion);
    }

    /** The kind of package the caller expects. */
    public Optional<PackageKind> expectedKind() {
        return Optional.ofNullable(expectedKind);
    }

    /** Where payloads are copied while verified. */
    public Optional<PayloadSink> sink() {
        return Optional.ofNullable(sink);
    }
}
