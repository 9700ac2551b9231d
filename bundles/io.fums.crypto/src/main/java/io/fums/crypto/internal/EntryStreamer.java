package io.fums.crypto.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Streams the uncompressed data of one entry in chunks, never more than its
 * recorded size: a deflated entry that would inflate beyond it stops at
 * size + 1 bytes with {@code PKG_TOO_LARGE}. The CRC-32 is computed but not
 * judged here, so that callers can report a hash mismatch first.
 */
public final class EntryStreamer {

    /** Receives a chunk of uncompressed data; the array is reused after the call. */
    @FunctionalInterface
    public interface Chunks {
        void accept(byte[] buffer, int offset, int length) throws FumsException;
    }

    /** The outcome of streaming one entry. */
    public record Result(long bytes, long crc) {
    }

    private static final int CHUNK = 1 << 20;
    private static final int INPUT_CHUNK = 64 * 1024;

    private EntryStreamer() {
    }

    /**
     * Streams {@code e}'s data to {@code out}.
     *
     * @throws FumsException {@code PKG_TOO_LARGE} if the data inflates beyond
     *     {@link ZipEntryInfo#size()}, {@code PKG_SIZE_MISMATCH} if it ends
     *     before, {@code PKG_MALFORMED} for a broken deflate stream, or what
     *     {@code out} throws
     */
    public static Result stream(FileChannel ch, ZipEntryInfo e, Chunks out) throws FumsException, IOException {
        return e.method() == ZipProfile.STORED ? stored(ch, e, out) : deflated(ch, e, out);
    }

    /**
     * Reads a small entry (manifest, signature file) whole and checks its CRC.
     *
     * @param max the largest size accepted; more gives {@code PKG_TOO_LARGE}
     */
    public static byte[] readSmall(FileChannel ch, ZipEntryInfo e, int max) throws FumsException, IOException {
        if (e.size() > max) {
            throw new FumsException(ErrorCode.PKG_TOO_LARGE, "entry " + e.name() + " is " + e.size()
                    + " bytes, more than the limit of " + max);
        }
        byte[] data = new byte[(int) e.size()];
        int[] at = {0};
        Result r = stream(ch, e, (b, off, len) -> {
            System.arraycopy(b, off, data, at[0], len);
            at[0] += len;
        });
        checkCrc(e, r);
        return data;
    }

    /** Refuses data whose CRC-32 differs from the headers'. */
    public static void checkCrc(ZipEntryInfo e, Result r) throws FumsException {
        if (r.crc() != e.crc()) {
            throw ZipArchiveReader.malformed("entry " + e.name() + " fails its CRC-32 check");
        }
    }

    private static Result stored(FileChannel ch, ZipEntryInfo e, Chunks out) throws FumsException, IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, e.size())));
        long pos = e.dataOffset();
        long left = e.size();
        while (left > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new FumsException(ErrorCode.PKG_SIZE_MISMATCH, "entry " + e.name() + " ends "
                        + left + " bytes before its declared size (file changed or truncated)");
            }
            crc.update(buf.array(), 0, n);
            out.accept(buf.array(), 0, n);
            pos += n;
            left -= n;
        }
        return new Result(e.size(), crc.getValue());
    }

    private static Result deflated(FileChannel ch, ZipEntryInfo e, Chunks out) throws FumsException, IOException {
        CRC32 crc = new CRC32();
        Inflater inf = new Inflater(true);
        try {
            byte[] output = new byte[(int) Math.min(CHUNK, e.size() + 1)];
            ByteBuffer input = ByteBuffer.allocate(INPUT_CHUNK);
            long inPos = e.dataOffset();
            long inLeft = e.compressedSize();
            long total = 0;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    if (inLeft == 0) {
                        throw new FumsException(ErrorCode.PKG_SIZE_MISMATCH, "entry " + e.name()
                                + " ends after " + total + " of " + e.size() + " declared bytes (deflate data truncated)");
                    }
                    input.clear().limit((int) Math.min(input.capacity(), inLeft));
                    int n = ch.read(input, inPos);
                    if (n <= 0) {
                        throw malformedData(e, "file ends inside the compressed data");
                    }
                    inf.setInput(input.array(), 0, n);
                    inPos += n;
                    inLeft -= n;
                }
                long room = e.size() + 1 - total;
                int n = inf.inflate(output, 0, (int) Math.min(output.length, room));
                if (n == 0 && inf.needsDictionary()) {
                    throw malformedData(e, "deflate stream needs a preset dictionary");
                }
                total += n;
                if (total > e.size()) {
                    throw new FumsException(ErrorCode.PKG_TOO_LARGE, "entry " + e.name() + " inflates beyond its declared "
                            + e.size() + " bytes (stopped reading at " + total + ")");
                }
                if (n > 0) {
                    crc.update(output, 0, n);
                    out.accept(output, 0, n);
                }
            }
            if (total != e.size()) {
                throw new FumsException(ErrorCode.PKG_SIZE_MISMATCH, "entry " + e.name() + " inflates to " + total
                        + " bytes, its headers declare " + e.size());
            }
            if (inLeft != 0 || inf.getRemaining() != 0) {
                throw malformedData(e, "bytes after the end of the deflate stream");
            }
            return new Result(total, crc.getValue());
        } catch (DataFormatException ex) {
            throw new FumsException(ErrorCode.PKG_MALFORMED, "entry " + e.name() + ": invalid deflate data: " + ex.getMessage(), ex);
        } finally {
            inf.end();
        }
    }

    private static FumsException malformedData(ZipEntryInfo e, String what) {
        return ZipArchiveReader.malformed("entry " + e.name() + ": " + what);
    }
}
