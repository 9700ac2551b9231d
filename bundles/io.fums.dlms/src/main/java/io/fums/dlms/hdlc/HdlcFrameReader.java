package io.fums.dlms.hdlc;

import io.fums.dlms.DlmsCodecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a received byte stream into HDLC frames. Bytes are fed as they
 * arrive, in chunks of any size; every complete, valid frame is returned.
 *
 * <p>Garbage between frames, frames with a bad HCS or FCS, frames with an
 * invalid format, address or control field and frames longer than the
 * configured maximum are discarded, as IEC 62056-46 requires, and the reader
 * resynchronises on the next flag. A frame's header (up to its HCS) is
 * checked as soon as it has arrived, so a corrupted length field does not
 * make the reader wait for a long frame that never comes. A closing flag
 * may also open the next frame. Memory is bounded: the reader holds at most
 * two maximum-size frames.
 *
 * <p>Not thread-safe: one reader per receiving stream.
 */
public final class HdlcFrameReader {

    private final int maxFrameLength;
    private final byte[] buf;
    private int start;
    private int end;
    private long discardedBytes;
    private long discardedFrames;

    /** A reader that accepts frames of any length the format field allows. */
    public HdlcFrameReader() {
        this(HdlcFrame.MAX_FRAME_LENGTH);
    }

    /**
     * A reader that discards frames whose length field (bytes between the
     * flags) exceeds {@code maxFrameLength}.
     */
    public HdlcFrameReader(int maxFrameLength) {
        if (maxFrameLength < 7 || maxFrameLength > HdlcFrame.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must be 7.." + HdlcFrame.MAX_FRAME_LENGTH);
        }
        this.maxFrameLength = maxFrameLength;
        this.buf = new byte[2 * (maxFrameLength + 2)];
    }

    /** Feeds received bytes; returns the frames they complete, in order (often none). */
    public List<HdlcFrame> feed(byte[] data, int off, int len) {
        List<HdlcFrame> frames = new ArrayList<>(1);
        while (len > 0) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = Math.min(len, buf.length - end);
            System.arraycopy(data, off, buf, end, n);
            end += n;
            off += n;
            len -= n;
            scan(frames);
        }
        return frames;
    }

    /** Feeds a whole array. */
    public List<HdlcFrame> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Forgets buffered bytes, e.g. after a timeout. */
    public void reset() {
        start = 0;
        end = 0;
    }

    /** Bytes skipped outside frames since creation. */
    public long discardedBytes() {
        return discardedBytes;
    }

    /** Delimited frames rejected (bad FCS or content) since creation. */
    public long discardedFrames() {
        return discardedFrames;
    }

    /** Bytes held waiting for the rest of a frame. */
    public int buffered() {
        return end - start;
    }

    private void scan(List<HdlcFrame> frames) {
        while (true) {
            while (start < end && (buf[start] & 0xFF) != HdlcFrame.FLAG) {
                start++;
                discardedBytes++;
            }
            if (end - start < 3) {
                if (end - start == 2 && (buf[start + 1] & 0xFF) == HdlcFrame.FLAG) {
                    start++; // idle flags
                }
                return;
            }
            int off = start + 1;
            int f0 = buf[off] & 0xFF;
            if (f0 == HdlcFrame.FLAG) {
                start++; // consecutive flags
                continue;
            }
            int length = ((f0 & 0x07) << 8) | (buf[off + 1] & 0xFF);
            if ((f0 & 0xF0) != 0xA0 || length < 7 || length > maxFrameLength) {
                skip(1);
                continue;
            }
            int header = headerLength(off, length);
            if (header == 0) {
                return; // header incomplete
            }
            if (header < 0 || length != header + 2 && length < header + 5) {
                skip(1);
                continue;
            }
            boolean hasInfo = length > header + 2;
            if (hasInfo) {
                if (end - off < header + 2) {
                    return; // HCS not yet here
                }
                if (!HdlcCrc.matches(buf, off, header, off + header)) {
                    skip(1);
                    continue;
                }
            }
            if (end - start < length + 2) {
                return; // wait for the rest and the closing flag
            }
            if ((buf[off + length] & 0xFF) != HdlcFrame.FLAG) {
                skip(1);
                continue;
            }
            try {
                frames.add(HdlcFrame.parseBody(buf, off, length));
            } catch (DlmsCodecException e) {
                discardedFrames++; // delimited by a valid header and closing flag, but corrupt
                discardedBytes += length + 1;
            }
            start = off + length; // the closing flag may open the next frame
        }
    }

    private void skip(int n) {
        start += n;
        discardedBytes += n;
    }

    /**
     * Length of format + addresses + control of the frame whose format field
     * is at {@code off}; 0 if more bytes are needed; -1 if invalid.
     */
    private int headerLength(int off, int length) {
        int frameEnd = off + length;
        int limit = Math.min(end, frameEnd);
        int p = off + 2;
        for (int address = 0; address < 2; address++) {
            int size = 0;
            while (true) {
                if (p + size >= limit) {
                    return limit == frameEnd ? -1 : 0;
                }
                size++;
                if ((buf[p + size - 1] & 1) != 0) {
                    break;
                }
                if (size == 4) {
                    return -1;
                }
            }
            if (size == 3) {
                return -1;
            }
            p += size;
        }
        if (p >= limit) {
            return limit == frameEnd ? -1 : 0;
        }
        return p + 1 - off;
    }
}
