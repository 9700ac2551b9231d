package io.fums.cloud.mqtt.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.ArtifactDownloads;
import io.fums.store.StorageSpace;
import io.fums.cloud.mqtt.client.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an artifact (a package) from an HTTP(S) URL into a file of the
 * download folder, with a size limit and a SHA-256 check, resuming with an
 * HTTP Range request after a broken transfer (within one fetch, and across
 * fetches of the same artifact: the partial file is named by its SHA-256).
 *
 * <p>Error codes: {@code PKG_TOO_LARGE} (over the limit or the declared
 * size), {@code PKG_SIZE_MISMATCH} (shorter than declared),
 * {@code PKG_HASH_MISMATCH}, {@link #UNAVAILABLE} (HTTP error, network
 * failure after every attempt), {@code STORAGE_FAILED} (local disk).
 *
 * <p>Fetches are serialised (one download at a time per DCU).
 */
public final class ArtifactFetcher implements ArtifactDownloads {

    /**
     * The code of a download that failed on the network or the server's side.
     * (io.fums.api has no dedicated code yet; see docs/mqtt-api.md.)
     */
    public static final ErrorCode UNAVAILABLE = ErrorCode.ARTIFACT_UNAVAILABLE;

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetcher.class);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 64 * 1024;

    private final SSLSocketFactory tls;
    private final Path dir;
    private final long maxBytes;
    private final int attempts;
    private final Duration timeout;
    private final Backoff backoff;
    private final StorageSpace space;

    /**
     * @param tls      the socket factory for https:// (its trust decides which servers are accepted);
     *                 null for the JVM default
     * @param dir      the download folder
     * @param maxBytes the largest artifact
     * @param attempts attempts per fetch
     * @param timeout  connect timeout and longest silence while reading
     * @param backoff  the pause between attempts
     */
    public ArtifactFetcher(SSLSocketFactory tls, Path dir, long maxBytes, int attempts, Duration timeout, Backoff backoff) {
        this(tls, dir, maxBytes, attempts, timeout, backoff, null);
    }

    /**
     * As the constructor above; every download first asks {@code space} for room for what is left to fetch
     * ({@code STORAGE_FULL} if it would take the data folder below its reserve). Null: only the download folder's
     * own free space is asked, with no reserve.
     */
    public ArtifactFetcher(SSLSocketFactory tls, Path dir, long maxBytes, int attempts, Duration timeout, Backoff backoff,
                           StorageSpace space) {
        this.space = space;
        this.tls = tls;
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.attempts = attempts;
        this.timeout = timeout;
        this.backoff = backoff;
    }

    /**
     * Fetches an artifact.
     *
     * @param url          http:// or https://
     * @param sha256       the expected SHA-256, 64 hex digits
     * @param expectedSize the exact size, or -1 if not known
     * @return the complete, verified file (the caller deletes it when done)
     */
    @Override
    public synchronized Path fetch(URI url, String sha256, long expectedSize) throws FumsException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "artifact url must be http:// or https:// with a host: " + url);
        }
        String hash = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(hash).matches()) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "artifact sha256 must be 64 hex digits");
        }
        if (expectedSize > maxBytes) {
            throw new FumsException(ErrorCode.PKG_TOO_LARGE, "artifact of " + expectedSize
                    + " bytes exceeds the limit of " + maxBytes);
        }
        long limit = expectedSize >= 0 ? expectedSize : maxBytes;
        Path part = dir.resolve(hash + ".part");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        requireSpace(url, expectedSize >= 0 ? Math.max(0, expectedSize - size(part)) : 0);
        backoff.reset();
        for (int attempt = 1; ; attempt++) {
            try {
                if (transfer(url, part, limit)) {
                    break;
                }
            } catch (IOException e) {
                if (StorageSpace.noSpace(e)) {
                    // retrying cannot help and the partial file takes the room others need: gone, and said so
                    deleteQuietly(part);
                    throw new FumsException(ErrorCode.STORAGE_FULL, "artifact download from " + url + " stopped: the"
                            + " download folder " + dir + " is full (" + e.getMessage() + ")", e);
                }
                if (attempt >= attempts) {
                    throw new FumsException(UNAVAILABLE, "artifact download from " + url + " failed after "
                            + attempts + " attempts: " + e.getMessage(), e);
                }
                Duration d = backoff.next();
                LOG.warn("download of {} broke at {} bytes ({}); resuming in {} ms", url, size(part), e.toString(),
                        d.toMillis());
                sleep(d);
            }
        }
        return verified(part, hash, expectedSize);
    }

    /** Refuses a download of {@code bytes} more that would take the data folder below its reserve (or past full). */
    private void requireSpace(URI url, long bytes) throws FumsException {
        if (space != null) {
            space.require(bytes, "downloading " + url);
            return;
        }
        try {
            java.nio.file.FileStore store = Files.getFileStore(dir);
            long usable = store.getUsableSpace();
            if (store.getTotalSpace() > 0 && usable < bytes) { // a size of 0: a file system that cannot say
                throw new FumsException(ErrorCode.STORAGE_FULL, "downloading " + url + " refused: it needs " + bytes
                        + " bytes, the download folder " + dir + " has " + usable + " bytes free");
            }
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "cannot ask the file system of " + dir + " for its free"
                    + " space: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.toString());
        }
    }

    /** One HTTP exchange; true when the file is complete. */
    private boolean transfer(URI url, Path part, long limit) throws IOException, FumsException {
        long have = size(part);
        if (have > limit) {
            Files.deleteIfExists(part);
            have = 0;
        }
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        try {
            if (c instanceof HttpsURLConnection https && tls != null) {
                https.setSSLSocketFactory(tls);
            }
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(true);
            c.setUseCaches(false);
            if (have > 0) {
                c.setRequestProperty("Range", "bytes=" + have + "-");
            }
            int status = c.getResponseCode();
            if (status == 416 && have > 0) {
                Files.deleteIfExists(part);
                throw new IOException("server refused the range from " + have + ": starting again");
            }
            if (status == 206 && have > 0) {
                long start = rangeStart(c.getHeaderField("Content-Range"));
                if (start != have) {
                    throw new IOException("server sent a range from " + start + " instead of " + have);
                }
                try (InputStream in = c.getInputStream()) {
                    copy(in, part, have, limit, true);
                }
                return true;
            }
            if (status == 200) {
                long len = c.getContentLengthLong();
                if (len > limit) {
                    throw new FumsException(ErrorCode.PKG_TOO_LARGE, "artifact of " + len
                            + " bytes exceeds the limit of " + limit);
                }
                try (InputStream in = c.getInputStream()) {
                    copy(in, part, 0, limit, false);
                }
                if (len >= 0 && size(part) != len) {
                    throw new IOException("connection closed after " + size(part) + " of " + len + " bytes");
                }
                return true;
            }
            if (status >= 500 || status == 408 || status == 429) {
                throw new IOException("HTTP " + status + " from " + url);
            }
            throw new FumsException(UNAVAILABLE, "artifact download from " + url + " refused: HTTP " + status);
        } finally {
            c.disconnect();
        }
    }

    private static void copy(InputStream in, Path part, long have, long limit, boolean append)
            throws IOException, FumsException {
        long total = have;
        boolean tooLarge = false;
        byte[] buf = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (total + n > limit) {
                    tooLarge = true;
                    break;
                }
                out.write(buf, 0, n);
                total += n;
            }
        }
        if (tooLarge) {
            Files.deleteIfExists(part);
            throw new FumsException(ErrorCode.PKG_TOO_LARGE, "artifact exceeds " + limit + " bytes");
        }
    }

    private Path verified(Path part, String hash, long expectedSize) throws FumsException {
        try {
            long size = Files.size(part);
            if (expectedSize >= 0 && size != expectedSize) {
                Files.deleteIfExists(part);
                throw new FumsException(ErrorCode.PKG_SIZE_MISMATCH, "artifact has " + size + " bytes, expected "
                        + expectedSize);
            }
            String actual = sha256(part);
            if (!actual.equals(hash)) {
                Files.deleteIfExists(part);
                throw new FumsException(ErrorCode.PKG_HASH_MISMATCH, "artifact SHA-256 is " + actual + ", expected "
                        + hash);
            }
            Path done = dir.resolve(hash + ".zip");
            Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return done;
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "download folder " + dir + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static long rangeStart(String header) throws IOException {
        String cr = header == null ? "" : header;
        Matcher m = CONTENT_RANGE.matcher(cr.trim());
        if (!m.matches()) {
            throw new IOException("206 without a valid Content-Range: '" + cr + "'");
        }
        return Long.parseLong(m.group(1));
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A fetcher with the cloud link's download settings (folder, size limit,
     * attempts, timeout, HTTPS CA file), asking {@code space} before each download.
     *
     * @throws FumsException {@code CONFIG_INVALID} if the HTTPS CA file cannot be read
     */
    public static ArtifactFetcher of(CloudSettings s, StorageSpace space) throws FumsException {
        return new ArtifactFetcher(s.httpCaFile() == null ? null
                : TlsContexts.context(s.httpCaFile(), null, null).getSocketFactory(), s.downloadDir(),
                s.maxArtifactBytes(), s.downloadAttempts(), s.httpTimeout(), defaultBackoff(), space);
    }

    /** A backoff for download retries: 1 s doubling to 30 s, with jitter. */
    public static Backoff defaultBackoff() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> ThreadLocalRandom.current().nextDouble());
    }
}
