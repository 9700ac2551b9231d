package io.fums.cloud.mqtt;

import io.fums.api.error.FumsException;
import java.net.URI;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Downloads an artifact (a package named in a signed request) with the cloud
 * link's download settings: folder, size limit, attempts, timeouts and the
 * CA certificates of HTTPS artifact servers ({@code docs/cloud-link.md},
 * "Artifact downloads"). Registered by the cloud link as a service, so that
 * request handlers in other bundles (the meter agent's {@code firmware.stage})
 * download the same way as {@code software.apply} does, without depending on
 * the link's implementation.
 *
 * <p>A transfer that breaks is resumed with an HTTP Range request (within one
 * call, with a backoff of 1 s to 30 s between attempts, and across calls for
 * the same artifact: the partial file is named by its SHA-256). The file
 * returned is complete and has the expected SHA-256 (and size, when given).
 *
 * <p><b>Thread-safety:</b> safe to call from any thread; downloads are
 * serialised (one at a time), so a call may wait for another to finish.
 * A call blocks for the whole download.
 */
@ProviderType
public interface ArtifactDownloads {

    /**
     * Downloads an artifact into the download folder.
     *
     * @param url          {@code http://} or {@code https://} with a host
     * @param sha256       the expected SHA-256, 64 hex digits
     * @param expectedSize the exact size in bytes, or -1 if not known
     * @return the complete, verified file; the caller deletes it when done with it
     * @throws FumsException {@code CMD_MALFORMED} (bad URL or hash),
     *     {@code PKG_TOO_LARGE} (over the limit or the declared size),
     *     {@code PKG_SIZE_MISMATCH} (shorter than declared), {@code PKG_HASH_MISMATCH},
     *     {@code ARTIFACT_UNAVAILABLE} (HTTP error, or network failure after every attempt),
     *     {@code STORAGE_FAILED} (local disk)
     */
    Path fetch(URI url, String sha256, long expectedSize) throws FumsException;
}
