package io.fums.crypto.pkg;

import io.fums.crypto.internal.KeyFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file through a temporary sibling, fsync, an atomic rename and an fsync of the folder: readers see the old file or the whole new one. */
public final class AtomicFiles {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException, io.fums.api.error.FumsException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException, io.fums.api.error.FumsException {
        Path abs = target.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // the rename itself must survive a power cut
            KeyFiles.fsyncDirectory(abs.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try {
            write(target, ch -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            });
        } catch (io.fums.api.error.FumsException e) {
            throw new IllegalStateException(e);
        }
    }
}
