package io.fums.crypto.pkg;

import static io.fums.crypto.pkg.ZipProfile.CENTRAL_LEN;
import static io.fums.crypto.pkg.ZipProfile.CENTRAL_SIG;
import static io.fums.crypto.pkg.ZipProfile.DOS_DATE;
import static io.fums.crypto.pkg.ZipProfile.DOS_TIME;
import static io.fums.crypto.pkg.ZipProfile.END_LEN;
import static io.fums.crypto.pkg.ZipProfile.END_SIG;
import static io.fums.crypto.pkg.ZipProfile.FLAGS;
import static io.fums.crypto.pkg.ZipProfile.LOCAL_LEN;
import static io.fums.crypto.pkg.ZipProfile.LOCAL_SIG;
import static io.fums.crypto.pkg.ZipProfile.MAX_32;
import static io.fums.crypto.pkg.ZipProfile.STORED;
import static io.fums.crypto.pkg.ZipProfile.VERSION;

import io.fums.crypto.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a ZIP in the {@link ZipProfile}: stored entries from offset 0,
 * headers patched in place once CRC and sizes are known, so nothing is
 * buffered in memory. Names are written as given (ASCII, at most 255 characters), which
 * lets tests build hostile archives; the package builder only passes valid
 * names.
 */
public final class ZipArchiveWriter {

    /** Sees the uncompressed bytes of an entry as they are written. */
    @FunctionalInterface
    public interface Observer {
        void accept(byte[] buffer, int offset, int length);
    }

    private static final int CHUNK = 1 << 20;

    private final FileChannel out;
    private final List<ZipEntryInfo> written = new ArrayList<>();
    private long position;

    /** Writes to {@code out} from its position 0 (the channel must be empty). */
    public ZipArchiveWriter(FileChannel out) throws IOException {
        if (out.size() != 0) {
            throw new IOException("ZIP writer needs an empty file");
        }
        this.out = out;
    }

    /** Adds a stored entry from memory. */
    public ZipEntryInfo addBytes(String name, byte[] data) throws IOException {
        return addStream(name, new java.io.ByteArrayInputStream(data), (b, o, l) -> { });
    }

    /** Adds a stored entry from a stream; {@code observer} sees its bytes. */
    public ZipEntryInfo addStream(String name, InputStream in, Observer observer) throws IOException {
        byte[] n = name(name);
        long header = position;
        write(localHeader(n, STORED, 0, 0, 0));
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buf = new byte[CHUNK];
        for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
            crc.update(buf, 0, r);
            observer.accept(buf, 0, r);
            size += r;
            write(ByteBuffer.wrap(buf, 0, r));
        }
        return patch(name, n, header, STORED, crc.getValue(), size, size);
    }

    /**
     * Adds an entry whose data is already in its final form, with the method,
     * CRC and uncompressed size given: used by tests to write entries outside
     * the profile (deflated ones, headers that lie).
     */
    public ZipEntryInfo addRaw(String name, int method, long crc, long usize, byte[] data) throws IOException {
        byte[] n = name(name);
        long header = position;
        write(localHeader(n, method, crc, data.length, usize));
        write(ByteBuffer.wrap(data));
        return record(name, n, header, method, crc, data.length, usize);
    }

    /** Copies an entry of another package unchanged. */
    public ZipEntryInfo copy(FileChannel from, ZipEntryInfo e) throws IOException {
        byte[] n = name(e.name());
        long header = position;
        write(localHeader(n, e.method(), e.crc(), e.compressedSize(), e.size()));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long done = 0;
        while (done < e.compressedSize()) {
            buf.clear().limit((int) Math.min(CHUNK, e.compressedSize() - done));
            int r = from.read(buf, e.dataOffset() + done);
            if (r <= 0) {
                throw new IOException("source package ends inside entry " + e.name());
            }
            write(buf.flip());
            done += r;
        }
        return record(e.name(), n, header, e.method(), e.crc(), e.compressedSize(), e.size());
    }

    /** Writes the central directory and the end record. */
    public void finish() throws IOException {
        long cdStart = position;
        for (ZipEntryInfo e : written) {
            byte[] n = e.name().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = buffer(CENTRAL_LEN + n.length);
            b.putInt(CENTRAL_SIG).putShort((short) VERSION).putShort((short) VERSION).putShort((short) FLAGS)
                    .putShort((short) e.method()).putShort((short) DOS_TIME).putShort((short) DOS_DATE)
                    .putInt((int) e.crc()).putInt((int) e.compressedSize()).putInt((int) e.size())
                    .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt((int) e.headerOffset()).put(n);
            write(b.flip());
        }
        long cdSize = position - cdStart;
        if (written.size() > 0xFFFF || position > MAX_32) {
            throw new IOException("too many entries or too large for a ZIP without ZIP64");
        }
        ByteBuffer end = buffer(END_LEN);
        end.putInt(END_SIG).putShort((short) 0).putShort((short) 0).putShort((short) written.size())
                .putShort((short) written.size()).putInt((int) cdSize).putInt((int) cdStart).putShort((short) 0);
        write(end.flip());
    }

    private ZipEntryInfo patch(String name, byte[] n, long header, int method, long crc, long csize, long usize) throws IOException {
        ByteBuffer b = buffer(12);
        b.putInt((int) crc).putInt((int) csize).putInt((int) usize).flip();
        while (b.hasRemaining()) {
            out.write(b, header + 14 + b.position());
        }
        return record(name, n, header, method, crc, csize, usize);
    }

    private ZipEntryInfo record(String name, byte[] n, long header, int method, long crc, long csize, long usize) throws IOException {
        if (csize > MAX_32 || usize > MAX_32 || header > MAX_32) {
            throw new IOException("entry " + name + " is too large for a ZIP without ZIP64");
        }
        ZipEntryInfo e = new ZipEntryInfo(name, method, crc, csize, usize, header, header + LOCAL_LEN + n.length);
        written.add(e);
        return e;
    }

    private static ByteBuffer localHeader(byte[] n, int method, long crc, long csize, long usize) {
        ByteBuffer b = buffer(LOCAL_LEN + n.length);
        b.putInt(LOCAL_SIG).putShort((short) VERSION).putShort((short) FLAGS).putShort((short) method)
                .putShort((short) DOS_TIME).putShort((short) DOS_DATE).putInt((int) crc).putInt((int) csize)
                .putInt((int) usize).putShort((short) n.length).putShort((short) 0).put(n);
        return b.flip();
    }

    private static byte[] name(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length > ZipProfile.MAX_NAME || !new String(n, StandardCharsets.US_ASCII).equals(name)) {
            throw new IllegalArgumentException("entry name must be 1 to 255 ASCII characters: " + Text.printable(name));
        }
        return n;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            position += out.write(b, position);
        }
    }
}
