package io.fums.dlms.transport;

import io.fums.dlms.DlmsException;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.HdlcFrameReader;
import io.fums.dlms.link.Link;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Frame input and output of one HDLC station over a link: reading with bounded waits, address filtering.
 * The HDLC transports of both roles build on it (the server role lives in the meter emulator). Used by one
 * thread at a time, like the transport that owns it.
 *
 * @since 2.0
 */
public final class HdlcStation {

    /** Frames buffered beyond this are a flood and are dropped. */
    private static final int MAX_QUEUED = 64;

    final Link link;
    final String name;
    private final HdlcFrameReader reader = new HdlcFrameReader();
    private final Deque<HdlcFrame> frames = new ArrayDeque<>();
    private final byte[] chunk = new byte[2048];
    private final long interOctetMillis;
    private boolean eof;

    /** A station on {@code link}, named {@code name} in errors; a partial frame is dropped after {@code interOctetMillis}. */
    public HdlcStation(Link link, String name, long interOctetMillis) {
        this.link = link;
        this.name = name;
        this.interOctetMillis = interOctetMillis;
    }

    /** The link the station reads and writes. */
    public Link link() {
        return link;
    }

    /** The station's name, used in error messages. */
    public String name() {
        return name;
    }

    /** Sends one frame. */
    public void write(HdlcAddress destination, HdlcAddress source, HdlcControl control, boolean segmented, byte[] info)
            throws DlmsException {
        link.write(new HdlcFrame(destination, source, control, segmented, info).encode());
    }

    /** Whether the link reached its end (the peer closed it). */
    public boolean eof() {
        return eof;
    }

    /**
     * The next valid frame; {@code null} once {@code quietMillis} pass without
     * any byte arriving, or at {@code overall}. A partial frame is dropped
     * after the inter-octet timeout.
     *
     * @throws DlmsException METER_UNREACHABLE at the end of the stream or on a link failure
     */
    public HdlcFrame next(long quietMillis, Deadline overall) throws DlmsException {
        Deadline quiet = Deadline.after(quietMillis);
        long lastByte = System.nanoTime();
        while (frames.isEmpty()) {
            long wait = Math.min(quiet.remainingMillis(), overall.remainingMillis());
            if (wait == 0) {
                return null;
            }
            if (reader.buffered() > 0) {
                wait = Math.min(wait, interOctetMillis);
            }
            int n = link.read(chunk, 0, chunk.length, wait);
            if (n < 0) {
                eof = true;
                throw DlmsException.unreachable(name, "link closed by the peer", null);
            }
            if (n == 0) {
                if (reader.buffered() > 0 && System.nanoTime() - lastByte >= interOctetMillis * 1_000_000) {
                    reader.reset();
                }
                continue;
            }
            lastByte = System.nanoTime();
            quiet = Deadline.after(quietMillis);
            List<HdlcFrame> got = reader.feed(chunk, 0, n);
            frames.addAll(got);
            while (frames.size() > MAX_QUEUED) {
                frames.poll();
            }
        }
        return frames.poll();
    }

    /** Forgets buffered input (after a reconnection). */
    public void discardInput() {
        frames.clear();
        reader.reset();
    }

    /** Whether two addresses are equal (both non-null). */
    public static boolean same(HdlcAddress a, HdlcAddress b) {
        return a != null && b != null && a.upper() == b.upper() && a.lower() == b.lower();
    }

    /** Splits {@code data} into segments of at most {@code max} bytes (at least one segment). */
    public static byte[][] segments(byte[] data, int max) {
        int n = Math.max(1, (data.length + max - 1) / max);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            int from = i * max;
            out[i] = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + max));
        }
        return out;
    }
}
