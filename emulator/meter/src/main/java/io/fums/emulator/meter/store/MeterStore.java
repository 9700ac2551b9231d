package io.fums.emulator.meter.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One meter's folder: {@code state.json} (the meter's persistent state,
 * replaced atomically: written to a temporary file, optionally forced to
 * disk, then renamed over the old one) and {@code pending.img} (the image
 * being received, written block by block at its offset).
 *
 * <p>A block is written to the image file before the state that marks it
 * received, so a crash between the two loses at most that block's mark,
 * never marks a block that is not there. Not thread-safe: the meter's lock
 * guards it.
 */
public final class MeterStore {

    private static final String STATE = "state.json";
    private static final String IMAGE = "pending.img";
    private static final long MAX_STATE = 4L << 20;
    private final Path dir;
    private final boolean fsync;
    private final Gson gson;

    /**
     * @param dir   the meter's folder, created if missing
     * @param fsync whether each state write is forced to disk (power-loss safe) or only renamed
     *              (safe against a process crash, much faster for thousands of meters)
     * @param gson  the JSON mapper, shared by all meters (thread-safe)
     */
    public MeterStore(Path dir, boolean fsync, Gson gson) {
        this.dir = dir;
        this.fsync = fsync;
        this.gson = gson;
    }

    /** A store with its own mapper, for tests and single meters. */
    public MeterStore(Path dir) {
        this(dir, false, newGson());
    }

    /** The JSON mapper stores use. */
    public static Gson newGson() {
        return new GsonBuilder().disableHtmlEscaping().create();
    }

    /** The meter's folder. */
    public Path dir() {
        return dir;
    }

    /** The file that holds the pending image. */
    public Path imageFile() {
        return dir.resolve(IMAGE);
    }

    /**
     * The saved state, or empty when there is none yet.
     *
     * @throws IOException if the state exists but cannot be read or parsed
     */
    public <T> Optional<T> load(Class<T> type) throws IOException {
        Path p = dir.resolve(STATE);
        try {
            if (Files.size(p) > MAX_STATE) {
                throw new IOException(p + ": larger than a meter state can be");
            }
            T t = gson.fromJson(Files.readString(p, StandardCharsets.UTF_8), type);
            if (t == null) {
                throw new IOException(p + ": empty");
            }
            return Optional.of(t);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonParseException e) {
            throw new IOException(p + ": not a meter state: " + e.getMessage(), e);
        }
    }

    /** Replaces the saved state atomically. */
    public void save(Object state) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(STATE + ".tmp");
            byte[] json = gson.toJson(state).getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(json), 0);
                if (fsync) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save meter state in " + dir, e);
        }
    }

    /** Starts a new pending image of {@code size} octets (sparse, all blocks missing). */
    public void resetImage(long size) {
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(imageFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (size > 0) {
                    writeFully(ch, ByteBuffer.allocate(1), size - 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the pending image in " + dir, e);
        }
    }

    /** Writes a block of the pending image at {@code offset}. */
    public void writeBlock(long offset, byte[] block) {
        try (FileChannel ch = FileChannel.open(imageFile(), StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(block), offset);
            if (fsync) {
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an image block in " + dir, e);
        }
    }

    /** Deletes the pending image (after activation or discard). */
    public void deleteImage() {
        try {
            Files.deleteIfExists(imageFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the pending image in " + dir, e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
