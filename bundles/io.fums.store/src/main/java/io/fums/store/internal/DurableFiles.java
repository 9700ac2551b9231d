package io.fums.store.internal;

import io.fums.api.error.FumsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File operations that report {@code STORAGE_FAILED} and make directory changes durable. */
final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

    private DurableFiles() {
    }

    /** Creates a directory (and parents); fsyncs the parent when it was created. */
    static void createDirectory(Path dir) throws FumsException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StorageErrors.io("cannot create directory " + dir, e);
        }
        if (dir.getParent() != null) {
            fsyncDirectory(dir.getParent());
        }
    }

    /** Makes the entries of a directory (creations, renames, deletions) durable. */
    static void fsyncDirectory(Path dir) throws FumsException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            throw StorageErrors.io("cannot fsync directory " + dir, e);
        }
    }

    static void writeFully(FileChannel ch, byte[] buf, int len, Path file) throws FumsException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        try {
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        } catch (IOException e) {
            throw StorageErrors.io("cannot write " + file, e);
        }
    }

    /** Deletes a file, logging instead of failing: for clean-up paths that already report an error. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
