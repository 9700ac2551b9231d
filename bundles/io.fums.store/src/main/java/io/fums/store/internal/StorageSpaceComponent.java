package io.fums.store.internal;

import io.fums.api.error.FumsException;
import io.fums.store.StorageSpace;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Registers the data folder's {@link StorageSpace} (PID {@value StoreSettings#PID}, {@code reserve.megabytes}) and
 * its health check: WARN, with the figures, while the folder is below its reserve (the DCU then reports itself
 * degraded and refuses new work with {@code STORAGE_FULL}); OK otherwise. The check asks the file system at every
 * run, so the DCU is healthy again as soon as space returns.
 */
@Component(name = "io.fums.store.space", service = {StorageSpace.class, HealthCheck.class},
        configurationPid = StoreSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        property = {HealthCheck.NAME + "=FUMS data folder space", HealthCheck.TAGS + "=" + StorageSpaceComponent.HC_TAG})
public final class StorageSpaceComponent implements StorageSpace, HealthCheck {

    /** The health check's tag. */
    public static final String HC_TAG = "storage";
    /** The reserve when none is configured: room for days of readings, journals and audit on a Pi's SD card. */
    public static final long DEFAULT_RESERVE_MEGABYTES = 32;

    private final DataFolderSpace space;

    /**
     * @throws FumsException {@code CONFIG_INVALID}: the component does not activate
     */
    @Activate
    public StorageSpaceComponent(BundleContext context, StoreComponent.Config config) throws FumsException {
        StoreSettings s = StoreSettings.from(config, context::getProperty, System::getProperty);
        DurableFiles.createDirectory(s.dataDir());
        this.space = new DataFolderSpace(s.dataDir(), s.reserveBytes());
    }

    @Override
    public long usableBytes() throws FumsException {
        return space.usableBytes();
    }

    @Override
    public long reserveBytes() {
        return space.reserveBytes();
    }

    @Override
    public void require(long bytes, String what) throws FumsException {
        space.require(bytes, what);
    }

    @Override
    public Result execute() {
        return verdict(space);
    }

    /** The health verdict of {@code space}. */
    static Result verdict(DataFolderSpace space) {
        try {
            long usable = space.usableBytes();
            if (space.low()) {
                return new Result(Result.Status.WARN, "degraded: the data folder has " + mib(usable) + " MiB free, below"
                        + " its reserve of " + mib(space.reserveBytes()) + " MiB: downloads, images, packages and campaigns"
                        + " are refused (STORAGE_FULL) until space returns");
            }
            return new Result(Result.Status.OK, "the data folder has " + mib(usable) + " MiB free (reserve "
                    + mib(space.reserveBytes()) + " MiB)");
        } catch (FumsException e) {
            return new Result(Result.Status.CRITICAL, "the data folder's free space cannot be read: " + e.getMessage());
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
