package io.fums.security.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageVerifier;
import io.fums.security.PackageIntake;
import io.fums.security.StoredPackage;
import io.fums.store.AuditLog;
import io.fums.store.ImageStore;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link PackageIntake} service: a thin wrapper over {@link AuditedPackageIntake}. */
@Component(service = PackageIntake.class, configurationPid = SecurityConfig.PID)
public final class PackageIntakeComponent implements PackageIntake {

    private final PackageIntake delegate;

    @Activate
    public PackageIntakeComponent(BundleContext context, SecurityConfig config, @Reference PackageVerifier verifier,
                                  @Reference ImageStore images, @Reference AuditLog audit) {
        Path data = Path.of(context.getProperty("fums.data.dir"));
        this.delegate = new AuditedPackageIntake(verifier, images, audit, data.resolve("intake"), config.maxPackageBytes());
    }

    @Override
    public StoredPackage take(Path packageFile, PackageKind kind, DeviceType deviceType, FirmwareVersion installedVersion,
                              String channel) throws FumsException {
        return delegate.take(packageFile, kind, deviceType, installedVersion, channel);
    }
}
