package io.fums.dlms.internal;

import java.util.Arrays;

/** A growable big-endian byte buffer for encoders. Not thread-safe. */
public final class ByteWriter {

    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32(long v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public ByteWriter u64(long v) {
        u32(v >>> 32);
        return u32(v);
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** A-XDR / BER definite length in its shortest form. */
    public ByteWriter length(long len) {
        if (len < 0 || len > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("length out of range: " + len);
        }
        if (len < 0x80) {
            return u8((int) len);
        }
        if (len <= 0xFF) {
            return u8(0x81).u8((int) len);
        }
        if (len <= 0xFFFF) {
            return u8(0x82).u16((int) len);
        }
        return u8(0x84).u32(len);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
