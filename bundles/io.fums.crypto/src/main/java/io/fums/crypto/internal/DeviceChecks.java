package io.fums.crypto.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.VerifyOptions;
import java.util.Optional;

/** Whether a (signed) manifest suits the device: kind, device type, prerequisite, anti-rollback. */
public final class DeviceChecks {

    private DeviceChecks() {
    }

    /**
     * Checks {@code m} against {@code o}.
     *
     * @throws FumsException {@code PKG_INCOMPATIBLE}, {@code PKG_PREREQUISITE} or {@code PKG_DOWNGRADE}
     */
    public static void check(PackageManifest m, VerifyOptions o) throws FumsException {
        if (o.expectedKind().isPresent() && o.expectedKind().get() != m.kind()) {
            throw new FumsException(ErrorCode.PKG_INCOMPATIBLE, "package " + m.name() + " " + m.version() + " is "
                    + m.kind().id() + ", expected " + o.expectedKind().get().id());
        }
        Optional<FirmwareVersion> installed = o.installedVersion();
        if (o.deviceType().isPresent()) {
            DeviceType type = o.deviceType().get();
            if (!m.isCompatibleWith(type)) {
                throw new FumsException(ErrorCode.PKG_INCOMPATIBLE, "package " + m.name() + " " + m.version()
                        + " is not for device type " + type + " (compatible: " + m.compatibleDeviceTypes() + ")");
            }
            Optional<FirmwareVersion> min = m.prerequisiteFor(type);
            if (min.isPresent() && installed.isEmpty()) {
                throw new FumsException(ErrorCode.PKG_PREREQUISITE, "device type " + type + " needs version " + min.get()
                        + " installed before " + m.version() + ", and the installed version is unknown");
            }
            if (min.isPresent() && installed.get().compareTo(min.get()) < 0) {
                throw new FumsException(ErrorCode.PKG_PREREQUISITE, "device type " + type + " needs version " + min.get()
                        + " installed before " + m.version() + "; installed is " + installed.get());
            }
        }
        if (installed.isPresent() && !m.version().isNewerThan(installed.get()) && !m.downgrade()) {
            throw new FumsException(ErrorCode.PKG_DOWNGRADE, "package version " + m.version() + " is not newer than the installed "
                    + installed.get() + ", and the package is not signed as an explicit downgrade");
        }
    }
}
