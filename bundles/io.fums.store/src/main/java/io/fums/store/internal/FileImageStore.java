package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.ImageStore;
import io.fums.store.StorageSpace;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageStore} in {@code <data>/images/sha256/ab/abcdef...}. Temporary
 * files are {@code <data>/images/sha256/.put-*.tmp}: in the same file system
 * as their final place, so the rename is atomic.
 */
public final class FileImageStore implements ImageStore {

    /** Size of the copy and hash buffer; also the most a put may read past its limit. */
    public static final int BUFFER_SIZE = 64 * 1024;
    static final String TEMP_PREFIX = ".put-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(FileImageStore.class);

    private final Path root;
    private final Path quarantine;
    private final Set<Path> inProgress = ConcurrentHashMap.newKeySet();
    private final StorageSpace space;

    /**
     * Opens the store in {@code <dataDir>/images}, creating it if needed, and
     * deletes temporary files left by puts that never finished.
     *
     * @param dataDir the data directory
     * @throws FumsException {@code STORAGE_FAILED} if the directories cannot be created
     */
    public FileImageStore(Path dataDir) throws FumsException {
        this(dataDir, new DataFolderSpace(dataDir, 0));
    }

    /**
     * As {@link #FileImageStore(Path)}; every put first asks {@code space} for room for the image
     * ({@code STORAGE_FULL} if it would take the data folder below its reserve).
     */
    public FileImageStore(Path dataDir, StorageSpace space) throws FumsException {
        this.space = space;
        Path images = dataDir.resolve("images");
        this.root = images.resolve("sha256");
        this.quarantine = images.resolve("quarantine");
        DurableFiles.createDirectory(root);
        DurableFiles.createDirectory(quarantine);
        int removed = deleteTemporaryFiles();
        if (removed > 0) {
            LOG.info("image store {}: deleted {} partial file(s) of unfinished puts", root, removed);
        }
    }

    /** The directory holding the blobs ({@code <data>/images/sha256}). */
    public Path root() {
        return root;
    }

    @Override
    public String put(InputStream in, long expectedSize, String expectedSha256, long maxBytes)
            throws FumsException, IOException {
        String expected = expectedSha256 == null ? null : Hex.sha256(expectedSha256);
        if (maxBytes < 1 || expectedSize < UNKNOWN_SIZE) {
            throw new IllegalArgumentException("maxBytes must be >= 1 and expectedSize >= -1");
        }
        if (expectedSize > maxBytes) {
            throw new FumsException(ErrorCode.PKG_TOO_LARGE,
                    "declared size " + expectedSize + " bytes exceeds the limit of " + maxBytes);
        }
        space.require(Math.max(0, expectedSize), "storing an image of " + (expectedSize >= 0 ? expectedSize + " bytes"
                : "unknown size"));
        // Registered before it exists, so that a concurrent gc never deletes it.
        Path tmp = root.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        inProgress.add(tmp);
        boolean stored = false;
        try {
            String hash = copy(in, tmp, expectedSize, maxBytes);
            if (expected != null && !expected.equals(hash)) {
                throw new FumsException(ErrorCode.PKG_HASH_MISMATCH,
                        "content SHA-256 is " + hash + ", expected " + expected);
            }
            Path dir = root.resolve(hash.substring(0, 2));
            DurableFiles.createDirectory(dir);
            try {
                // Replaces an existing copy: a fresh, verified copy also heals a damaged one.
                Files.move(tmp, dir.resolve(hash), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw StorageErrors.io("cannot move " + tmp + " into place", e);
            }
            stored = true;
            DurableFiles.fsyncDirectory(dir);
            DurableFiles.fsyncDirectory(root);
            return hash;
        } finally {
            inProgress.remove(tmp);
            if (!stored) {
                DurableFiles.deleteQuietly(tmp);
            }
        }
    }

    /** Streams {@code in} into {@code tmp} and fsyncs it; returns the content's hex SHA-256. */
    private static String copy(InputStream in, Path tmp, long expectedSize, long maxBytes)
            throws FumsException, IOException {
        long limit = expectedSize >= 0 ? expectedSize : maxBytes;
        MessageDigest md = AuditHasher.sha256();
        byte[] buf = new byte[BUFFER_SIZE];
        long total = 0;
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StorageErrors.io("cannot create " + tmp, e);
        }
        try {
            while (true) {
                // Ask for one byte more than the limit allows, never more: that byte tells "too long".
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - total + 1));
                if (n < 0) {
                    break;
                }
                if (total + n > limit) {
                    throw new FumsException(ErrorCode.PKG_TOO_LARGE, expectedSize >= 0
                            ? "content is longer than its declared size of " + expectedSize + " bytes"
                            : "content exceeds the limit of " + maxBytes + " bytes");
                }
                md.update(buf, 0, n);
                DurableFiles.writeFully(ch, buf, n, tmp);
                total += n;
            }
            if (expectedSize >= 0 && total != expectedSize) {
                throw new FumsException(ErrorCode.PKG_SIZE_MISMATCH,
                        "content is " + total + " bytes, expected " + expectedSize);
            }
            try {
                ch.force(true);
            } catch (IOException e) {
                throw StorageErrors.io("cannot fsync " + tmp, e);
            }
        } finally {
            DurableFiles.closeQuietly(ch);
        }
        return Hex.encode(md.digest());
    }

    @Override
    public Optional<InputStream> open(String sha256) throws FumsException {
        String hash = Hex.sha256(sha256);
        Path file = blob(hash);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageErrors.io("cannot open image " + hash, e);
        }
        boolean handedOut = false;
        try {
            String actual = hash(ch);
            if (!actual.equals(hash)) {
                DurableFiles.closeQuietly(ch);
                quarantine(file, hash);
                throw new FumsException(ErrorCode.STORAGE_CORRUPT, "image " + hash
                        + " is corrupt (content SHA-256 is " + actual + "): removed from the store");
            }
            ch.position(0);
            handedOut = true;
            return Optional.of(new BufferedInputStream(Channels.newInputStream(ch), BUFFER_SIZE));
        } catch (IOException e) {
            throw StorageErrors.io("cannot read image " + hash, e);
        } finally {
            if (!handedOut) {
                DurableFiles.closeQuietly(ch);
            }
        }
    }

    private static String hash(FileChannel ch) throws IOException {
        MessageDigest md = AuditHasher.sha256();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE);
        while (ch.read(buf) >= 0) {
            buf.flip();
            md.update(buf);
            buf.clear();
        }
        return Hex.encode(md.digest());
    }

    private void quarantine(Path file, String hash) throws FumsException {
        Path target = quarantine.resolve(hash + "." + System.currentTimeMillis() + ".corrupt");
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("image {} failed its integrity check: moved to {}", hash, target);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            LOG.warn("image {} failed its integrity check and cannot be quarantined ({}): deleting it", hash, e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException e2) {
                throw StorageErrors.io("cannot remove corrupt image " + hash, e2);
            }
        }
        DurableFiles.fsyncDirectory(file.getParent());
        DurableFiles.fsyncDirectory(quarantine);
    }

    @Override
    public boolean contains(String sha256) {
        return Files.isRegularFile(blob(Hex.sha256(sha256)));
    }

    @Override
    public OptionalLong size(String sha256) throws FumsException {
        Path file = blob(Hex.sha256(sha256));
        try {
            return OptionalLong.of(Files.size(file));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw StorageErrors.io("cannot read the size of " + file, e);
        }
    }

    @Override
    public boolean delete(String sha256) throws FumsException {
        Path file = blob(Hex.sha256(sha256));
        boolean deleted;
        try {
            deleted = Files.deleteIfExists(file);
        } catch (IOException e) {
            throw StorageErrors.io("cannot delete " + file, e);
        }
        if (deleted) {
            DurableFiles.fsyncDirectory(file.getParent());
        }
        return deleted;
    }

    @Override
    public SortedSet<String> list() throws FumsException {
        SortedSet<String> out = new TreeSet<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
                String prefix = shard.getFileName().toString();
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(shard)) {
                    for (Path b : blobs) {
                        String name = b.getFileName().toString();
                        if (Hex.isSha256(name) && name.startsWith(prefix) && name.equals(Hex.sha256(name))
                                && Files.isRegularFile(b)) {
                            out.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot list " + root, e);
        }
        return out;
    }

    @Override
    public SortedSet<String> gc(Set<String> keep) throws FumsException {
        Set<String> kept = new TreeSet<>();
        for (String k : keep) {
            kept.add(Hex.sha256(k));
        }
        SortedSet<String> deleted = new TreeSet<>();
        for (String hash : list()) {
            if (!kept.contains(hash) && delete(hash)) {
                deleted.add(hash);
            }
        }
        int temps = deleteTemporaryFiles();
        int corrupt = emptyQuarantine();
        LOG.info("image store gc: deleted {} image(s), {} temporary file(s), {} quarantined file(s); kept {}",
                deleted.size(), temps, corrupt, kept.size());
        return deleted;
    }

    private int deleteTemporaryFiles() throws FumsException {
        int n = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(root, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path t : temps) {
                if (!inProgress.contains(t) && Files.deleteIfExists(t)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot delete temporary files in " + root, e);
        }
        if (n > 0) {
            DurableFiles.fsyncDirectory(root);
        }
        return n;
    }

    private int emptyQuarantine() throws FumsException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(quarantine)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot empty " + quarantine, e);
        }
        if (n > 0) {
            DurableFiles.fsyncDirectory(quarantine);
        }
        return n;
    }

    private Path blob(String hash) {
        return root.resolve(hash.substring(0, 2)).resolve(hash);
    }

    @Override
    public String toString() {
        return "FileImageStore[" + root + "]";
    }
}
