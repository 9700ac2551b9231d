package io.fums.store.internal;

import io.fums.api.error.FumsException;
import io.fums.store.ImageStore;
import io.fums.store.StorageSpace;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the {@link ImageStore} service in the data directory. Independent
 * of the database: a damaged database does not take the image store down.
 */
@Component(name = "io.fums.store.images", service = ImageStore.class, configurationPid = StoreSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class ImageStoreComponent implements ImageStore {

    private final FileImageStore store;

    /**
     * Opens the store and deletes partial files of unfinished puts.
     *
     * @param context the bundle context, for the {@code fums.data.dir} framework property
     * @param config the store configuration
     * @throws FumsException {@code CONFIG_INVALID} or {@code STORAGE_FAILED}:
     *     the component does not activate
     */
    @Activate
    public ImageStoreComponent(BundleContext context, StoreComponent.Config config,
                               @Reference(target = "(component.name=io.fums.store.space)") StorageSpace space)
            throws FumsException {
        StoreSettings s = StoreSettings.from(config, context::getProperty, System::getProperty);
        this.store = new FileImageStore(s.dataDir(), space);
    }

    @Override
    public String put(InputStream in, long expectedSize, String expectedSha256, long maxBytes)
            throws FumsException, IOException {
        return store.put(in, expectedSize, expectedSha256, maxBytes);
    }

    @Override
    public Optional<InputStream> open(String sha256) throws FumsException {
        return store.open(sha256);
    }

    @Override
    public boolean contains(String sha256) {
        return store.contains(sha256);
    }

    @Override
    public OptionalLong size(String sha256) throws FumsException {
        return store.size(sha256);
    }

    @Override
    public boolean delete(String sha256) throws FumsException {
        return store.delete(sha256);
    }

    @Override
    public SortedSet<String> list() throws FumsException {
        return store.list();
    }

    @Override
    public SortedSet<String> gc(Set<String> keep) throws FumsException {
        return store.gc(keep);
    }
}
