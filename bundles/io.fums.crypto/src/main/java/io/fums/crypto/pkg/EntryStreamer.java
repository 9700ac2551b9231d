package io.fums.crypto.pkg;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Streams the data of one (stored) entry in chunks, never more than its
 * recorded size. The CRC-32 is computed but not judged here, so that callers
 * can report a hash mismatch first.
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

    private EntryStreamer() {
    }

    /**
     * Streams {@code e}'s data to {@code out}.
     *
     * @throws FumsException {@code PKG_SIZE_MISMATCH} if the file ends before
     *     {@link ZipEntryInfo#size()} bytes, {@code PKG_NONCANONICAL} for an
     *     entry that is not stored, or what {@code out} throws
     */
    public static Result stream(FileChannel ch, ZipEntryInfo e, Chunks out) throws FumsException, IOException {
        if (e.method() != ZipProfile.STORED) {
            throw new FumsException(ErrorCode.PKG_NONCANONICAL, "entry " + e.name() + " is not stored");
        }
        return stored(ch, e, out);
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
}
