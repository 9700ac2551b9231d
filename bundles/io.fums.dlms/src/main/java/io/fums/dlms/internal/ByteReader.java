package io.fums.dlms.internal;

import io.fums.dlms.DlmsCodecException;

/**
 * A bounded cursor over a byte array. Every read checks the bytes that remain
 * and throws {@link DlmsCodecException} (with the offset) instead of running
 * past the end; nothing is allocated from an unchecked length.
 */
public final class ByteReader {

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IndexOutOfBoundsException("offset/length outside the array");
        }
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    /** Offset of the next byte, relative to the start of this reader. */
    public int position() {
        return pos - start;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n, String what) throws DlmsCodecException {
        if (n > end - pos) {
            throw error("truncated " + what + ": need " + n + " byte(s), " + (end - pos) + " left");
        }
    }

    /** The next byte without consuming it. */
    public int peek() throws DlmsCodecException {
        need(1, "input");
        return buf[pos] & 0xFF;
    }

    public int u8() throws DlmsCodecException {
        need(1, "input");
        return buf[pos++] & 0xFF;
    }

    public int i8() throws DlmsCodecException {
        need(1, "input");
        return buf[pos++];
    }

    public int u16() throws DlmsCodecException {
        need(2, "16-bit value");
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int i16() throws DlmsCodecException {
        return (short) u16();
    }

    public int i32() throws DlmsCodecException {
        need(4, "32-bit value");
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long u32() throws DlmsCodecException {
        return i32() & 0xFFFF_FFFFL;
    }

    public long i64() throws DlmsCodecException {
        long hi = u32();
        long lo = u32();
        return (hi << 32) | lo;
    }

    /** Copies the next {@code n} bytes; {@code n} is checked before allocating. */
    public byte[] bytes(long n) throws DlmsCodecException {
        if (n < 0) {
            throw error("negative length");
        }
        if (n > end - pos) {
            throw error("declared length " + n + " exceeds the " + (end - pos) + " byte(s) left");
        }
        byte[] out = new byte[(int) n];
        System.arraycopy(buf, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    public void skip(long n) throws DlmsCodecException {
        if (n < 0 || n > end - pos) {
            throw error("cannot skip " + n + " byte(s), " + (end - pos) + " left");
        }
        pos += (int) n;
    }

    /**
     * A-XDR / BER definite length: short form below 0x80, long form 0x81..0x84
     * followed by 1..4 big-endian bytes. The value is checked against
     * {@code max}; callers check it against the remaining bytes where it
     * counts bytes.
     */
    public long length(long max) throws DlmsCodecException {
        int first = u8();
        long value;
        if (first < 0x80) {
            value = first;
        } else {
            int n = first & 0x7F;
            if (n == 0) {
                throw error("indefinite length form is not allowed");
            }
            if (n > 4) {
                throw error("length field of " + n + " bytes is not supported");
            }
            need(n, "length field");
            value = 0;
            for (int i = 0; i < n; i++) {
                value = (value << 8) | (buf[pos++] & 0xFF);
            }
        }
        if (value > max) {
            throw error("declared length " + value + " exceeds the limit " + max);
        }
        return value;
    }

    /** A reader over the next {@code n} bytes; this reader moves past them. */
    public ByteReader slice(long n) throws DlmsCodecException {
        if (n < 0 || n > end - pos) {
            throw error("declared length " + n + " exceeds the " + (end - pos) + " byte(s) left");
        }
        ByteReader sub = new ByteReader(buf, pos, (int) n);
        pos += (int) n;
        return sub;
    }

    /** Fails if anything is left: every decoder consumes its whole input. */
    public void expectEnd(String what) throws DlmsCodecException {
        if (pos != end) {
            throw error((end - pos) + " unexpected trailing byte(s) after " + what);
        }
    }

    /** An exception whose message carries the current offset. */
    public DlmsCodecException error(String message) {
        return new DlmsCodecException(message + " (offset " + (pos - start) + ")");
    }
}
