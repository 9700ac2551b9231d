package io.fums.emulator.meter.link;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream into the frames of its framing without decoding
 * them, so that a medium can delay and lose whole frames: HDLC frames by
 * their flag and 11-bit length (IEC 62056-46 frame format type 3; a flag
 * shared by two frames is understood), TCP wrapper PDUs by their 8-octet
 * header (IEC 62056-47). Octets that are not a frame (garbage, idle flags)
 * pass as a "frame" of their own. A frame that stays incomplete longer than
 * a stall limit is passed on as it is. Not thread-safe.
 */
public final class FrameSplitter {

    /** The framings the splitter understands. */
    public enum Framing { HDLC, WRAPPER }

    private static final int FLAG = 0x7E;
    private final Framing framing;
    private byte[] buf = new byte[4096];
    private int len;
    private boolean afterFlag;
    private long partialSince;

    public FrameSplitter(Framing framing) {
        this.framing = framing;
    }

    /** Adds received octets; returns the frames they complete, in order. */
    public List<byte[]> feed(byte[] data, int off, int n, long nowNanos) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(data, off, buf, len, n);
        if (len == 0) {
            partialSince = nowNanos;
        }
        len += n;
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int p = framing == Framing.HDLC ? splitHdlc(out, raw) : splitWrapper(out, raw);
        if (raw.size() > 0) {
            out.add(raw.toByteArray());
        }
        System.arraycopy(buf, p, buf, 0, len - p);
        if (p > 0) {
            partialSince = nowNanos;
        }
        len -= p;
        return out;
    }

    /** The incomplete octets held longer than {@code maxAgeNanos}, released as they are; or null. */
    public byte[] flushStale(long nowNanos, long maxAgeNanos) {
        if (len == 0 || nowNanos - partialSince < maxAgeNanos) {
            return null;
        }
        byte[] b = Arrays.copyOf(buf, len);
        len = 0;
        afterFlag = false;
        return b;
    }

    private int splitHdlc(List<byte[]> out, ByteArrayOutputStream raw) {
        int p = 0;
        while (p < len) {
            int b = buf[p] & 0xFF;
            int start = p;
            int formatAt;
            if (b == FLAG) {
                if (p + 1 < len && (buf[p + 1] & 0xFF) == FLAG) {
                    raw.write(FLAG); // idle flag
                    p++;
                    continue;
                }
                formatAt = p + 1;
            } else if (afterFlag && (b & 0xF0) == 0xA0) {
                formatAt = p; // shares the previous frame's closing flag
            } else {
                raw.write(b);
                afterFlag = false;
                p++;
                continue;
            }
            if (formatAt + 2 > len) {
                break;
            }
            int format = ((buf[formatAt] & 0xFF) << 8) | (buf[formatAt + 1] & 0xFF);
            int frameLength = format & 0x7FF;
            if ((format & 0xF000) != 0xA000 || frameLength < 7) {
                raw.write(b);
                afterFlag = b == FLAG;
                p++;
                continue;
            }
            int end = formatAt + frameLength + 1; // exclusive, closing flag included
            if (end > len) {
                break;
            }
            if ((buf[end - 1] & 0xFF) != FLAG) {
                raw.write(buf, start, end - 1 - start);
                afterFlag = false;
                p = end - 1;
                continue;
            }
            flush(out, raw);
            out.add(Arrays.copyOfRange(buf, start, end));
            afterFlag = true;
            p = end;
        }
        return p;
    }

    private int splitWrapper(List<byte[]> out, ByteArrayOutputStream raw) {
        int p = 0;
        while (p < len) {
            if (p + 8 > len) {
                break;
            }
            int version = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
            if (version != 1) {
                raw.write(buf[p]);
                p++;
                continue;
            }
            int end = p + 8 + (((buf[p + 6] & 0xFF) << 8) | (buf[p + 7] & 0xFF));
            if (end > len) {
                break;
            }
            flush(out, raw);
            out.add(Arrays.copyOfRange(buf, p, end));
            p = end;
        }
        return p;
    }

    private static void flush(List<byte[]> out, ByteArrayOutputStream raw) {
        if (raw.size() > 0) {
            out.add(raw.toByteArray());
            raw.reset();
        }
    }
}
