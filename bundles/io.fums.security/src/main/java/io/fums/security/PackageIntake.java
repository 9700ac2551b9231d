package io.fums.security;

import io.fums.api.device.DeviceType;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.PackageKind;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes packages in: verifies a package file (signatures, thresholds,
 * revocation, sizes, hashes, compatibility, prerequisite, anti-rollback) and
 * stores the package and its payloads in the image store, content-addressed.
 * A refused package leaves nothing in the store.
 *
 * <p>Thread-safe. Every outcome is audited.
 */
@ProviderType
public interface PackageIntake {

    /**
     * Verifies and stores a package.
     *
     * @param packageFile      the package
     * @param kind             the kind expected
     * @param deviceType       the device type it must suit; null to skip the device checks
     * @param installedVersion the version the device has; null if unknown
     * @param channel          where it came from, for the audit log
     * @return what was stored
     * @throws FumsException the {@code PKG_*} reason; audited, nothing stored
     */
    StoredPackage take(Path packageFile, PackageKind kind, DeviceType deviceType, FirmwareVersion installedVersion,
                       String channel) throws FumsException;
}
