package io.fums.dlms.transport;

import io.fums.dlms.DlmsException;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.Llc;
import io.fums.dlms.link.Link;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends APDUs to every meter on a shared medium at once (IEC 62056-46):
 * each APDU, behind the LLC header {@code E6 E6 00}, goes in HDLC UI frames
 * (control {@code 0x03}: poll bit 0, no response asked) to an all-station
 * address ({@link HdlcAddress#allStations}, {@link
 * HdlcAddress#allPhysicalDevices}) from the client's address. An APDU
 * longer than the information field is segmented as I frames are (the
 * segmentation bit on every frame but the last); a meter that loses one
 * segment loses the APDU, so choose {@code maxInfo} to fit a whole APDU
 * where the meters take it. Nothing is acknowledged: the caller checks
 * afterwards what each meter received (image transfer:
 * image_transferred_blocks_status).
 *
 * <p>The APDUs should be unconfirmed services (invoke-id-and-priority bit 6
 * = 0); a meter applies them only within an open association with this
 * client SAP (the meter emulator's HDLC server transport).
 *
 * <p>Pacing: with a line rate set, {@link #send} writes a frame only when the
 * line has nearly carried the previous ones, so that the link's buffers
 * never hold more than about one frame, and {@link #drain()} waits until the
 * last octet is on the line. Without it a fast writer would queue the whole
 * image in the serial driver, and the next point-to-point request would
 * start its response timer long before it leaves.
 *
 * <p>Shares the link with the meters' {@link HdlcClientTransport}s: use one
 * of them at a time, from one thread. Only writes; never reads or closes
 * the link.
 */
public final class HdlcBroadcaster {

    /** The information field length every station takes without negotiation (IEC 62056-46 default). */
    public static final int DEFAULT_MAX_INFO = 128;
    private static final long AHEAD_NANOS = 20_000_000L;

    private final Link link;
    private final HdlcAddress destination;
    private final HdlcAddress source;
    private final int maxInfo;
    private final long nanosPerOctet;
    private long lineFreeAt = System.nanoTime();
    private long lastSent = System.nanoTime();
    private long frames;
    private long octets;

    /**
     * A broadcaster on {@code link}.
     *
     * @param destination    the all-station address, in the size the meters use
     * @param clientSap      this client's one-byte address (the meters' associations are with it)
     * @param maxInfo        largest information field per frame, {@value HdlcSettings#MIN_INFO}..{@value
     *                       HdlcSettings#MAX_INFO}: no larger than any meter receives
     * @param bytesPerSecond the line rate for pacing (9600 baud 8N1 = 960), or 0 to write at once
     */
    public HdlcBroadcaster(Link link, HdlcAddress destination, int clientSap, int maxInfo, long bytesPerSecond) {
        this.link = Objects.requireNonNull(link, "link");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.source = HdlcAddress.of(clientSap);
        if (maxInfo < HdlcSettings.MIN_INFO || maxInfo > HdlcSettings.MAX_INFO) {
            throw new IllegalArgumentException("maxInfo must be " + HdlcSettings.MIN_INFO + ".."
                    + HdlcSettings.MAX_INFO + ": " + maxInfo);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must not be negative");
        }
        this.maxInfo = maxInfo;
        this.nanosPerOctet = bytesPerSecond == 0 ? 0 : 1_000_000_000L / bytesPerSecond;
    }

    /** To every station (one-byte 0x7F) from {@code clientSap}, {@value #DEFAULT_MAX_INFO}-octet frames, unpaced. */
    public static HdlcBroadcaster allStations(Link link, int clientSap) {
        return new HdlcBroadcaster(link, HdlcAddress.allStations(1), clientSap, DEFAULT_MAX_INFO, 0);
    }

    /** The link and addresses, for messages. */
    public String name() {
        return link.name() + " hdlc broadcast " + source + "->" + destination;
    }

    /**
     * Sends one APDU in UI frames.
     *
     * @throws DlmsException METER_UNREACHABLE if the link fails
     */
    public synchronized void send(byte[] apdu) throws DlmsException {
        byte[][] segments = HdlcStation.segments(Llc.wrap(apdu, true), maxInfo);
        HdlcControl ui = HdlcControl.unnumbered(HdlcControl.Type.UI, false);
        for (int k = 0; k < segments.length; k++) {
            byte[] frame = new HdlcFrame(destination, source, ui, k < segments.length - 1, segments[k]).encode();
            pace(frame.length);
            link.write(frame);
            lastSent = System.nanoTime();
            frames++;
            octets += frame.length;
        }
    }

    /**
     * Sends one UI frame that carries only the LLC header (an empty LSDU): no
     * request, but every meter connected to this client restarts its
     * inactivity timer (IEC 62056-46 inactivity time-out), so that its
     * association survives while the client talks point-to-point to the
     * other meters. 14 octets on the line with a one-byte address, 17 with four.
     *
     * @throws DlmsException METER_UNREACHABLE if the link fails
     */
    public void keepAlive() throws DlmsException {
        send(new byte[0]);
    }

    /** When (System.nanoTime) the last frame was written, or this broadcaster was made. */
    public synchronized long lastSentNanos() {
        return lastSent;
    }

    private void pace(int frameOctets) {
        if (nanosPerOctet == 0) {
            return;
        }
        sleepUntil(lineFreeAt - AHEAD_NANOS);
        lineFreeAt = Math.max(System.nanoTime(), lineFreeAt) + frameOctets * nanosPerOctet;
    }

    /** Waits until the line has carried every frame sent (at once without a line rate). */
    public synchronized void drain() {
        if (nanosPerOctet != 0) {
            sleepUntil(lineFreeAt);
        }
    }

    /** Frames written so far. */
    public synchronized long framesSent() {
        return frames;
    }

    /** Octets written so far, flags included. */
    public synchronized long octetsSent() {
        return octets;
    }

    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
