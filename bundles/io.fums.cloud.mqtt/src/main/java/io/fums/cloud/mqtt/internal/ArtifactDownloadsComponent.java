package io.fums.cloud.mqtt.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.ArtifactDownloads;
import io.fums.store.StorageSpace;
import java.net.URI;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers the cloud link's artifact downloads ({@link ArtifactFetcher} with
 * the download settings of configuration {@link CloudSettings#PID}) to
 * request handlers of other bundles. A configuration change re-creates it.
 */
@Component(service = ArtifactDownloads.class, configurationPid = CloudSettings.PID)
public final class ArtifactDownloadsComponent implements ArtifactDownloads {

    private final ArtifactFetcher fetcher;

    @Activate
    public ArtifactDownloadsComponent(BundleContext context, CloudConfig config, @Reference StorageSpace space)
            throws FumsException {
        this.fetcher = ArtifactFetcher.of(CloudSettings.from(config, System::getenv, context::getProperty), space);
    }

    @Override
    public Path fetch(URI url, String sha256, long expectedSize) throws FumsException {
        return fetcher.fetch(url, sha256, expectedSize);
    }
}
