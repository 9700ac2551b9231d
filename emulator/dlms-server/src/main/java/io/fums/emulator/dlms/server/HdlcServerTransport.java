package io.fums.emulator.dlms.server;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.HdlcParameters;
import io.fums.dlms.hdlc.Llc;
import java.io.ByteArrayOutputStream;
import io.fums.dlms.transport.ApduTransport;
import io.fums.dlms.transport.Deadline;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.HdlcStation;
import io.fums.dlms.link.Link;

/**
 * The server (secondary station, the meter) of an IEC 62056-46 HDLC
 * connection in normal response mode.
 *
 * <p>Frames for other addresses are ignored (several meters may share a
 * medium). SNRM is answered with UA carrying the negotiated parameters (the
 * smaller of both sides'), DISC with UA (DM when not connected), and I or RR
 * frames outside a connection with DM. Within a connection, I frames are
 * accepted in sequence and reassembled (intermediate segments acknowledged
 * with RR when polled); out-of-sequence frames are discarded and a poll is
 * answered from the acknowledged state, which retransmits unacknowledged
 * response frames (go-back-N). {@link #send} segments the response (LLC
 * header E6 E7 00 first) and transmits the first window; the client's RR
 * polls, processed inside {@link #receive}, fetch the rest. The meter never
 * transmits unpolled. An idle connection is dropped after the inactivity
 * timeout.
 *
 * <p>UI frames from the connected client, addressed to this station or to
 * all stations ({@link HdlcAddress#reaches}: 0x7F, 0x3FFF), carry
 * unconfirmed requests: they are reassembled (segmentation bit as for I
 * frames), returned by {@link #receive} with {@link #lastReceivedUnconfirmed()}
 * true, and never answered, whatever their P bit says (on a shared medium
 * every meter would answer at once). They leave N(S)/N(R) alone and restart
 * the inactivity timer. UI frames of any other client are ignored: the meter
 * can have no association with a client that has no HDLC connection. Any
 * other frame type sent to all stations is ignored too: I, RR and RNR need a
 * connection's sequence numbers, SNRM and DISC an answer.
 */
public final class HdlcServerTransport implements ApduTransport {

    private final HdlcStation st;
    private final HdlcSettings s;
    private boolean connected;
    private HdlcAddress client;
    private HdlcParameters negotiated;
    private int vs;
    private int vr;
    private ByteArrayOutputStream reassembly = new ByteArrayOutputStream(256);
    private boolean overflow;
    private byte[][] out = new byte[0][];
    private int outBase;
    private int outAcked;
    private int outSent;
    private Deadline idle = Deadline.after(Long.MAX_VALUE);
    private ByteArrayOutputStream uiReassembly = new ByteArrayOutputStream(256);
    private boolean uiOverflow;
    private boolean lastUnconfirmed;

    /** A server on {@code link}; it waits for a client's SNRM in {@link #receive}. */
    public HdlcServerTransport(Link link, HdlcSettings settings) {
        this.s = settings;
        this.st = new HdlcStation(link, link.name() + " hdlc server " + settings.serverAddress(),
                settings.interOctetTimeout().toMillis());
    }

    @Override
    public String name() {
        return st.name();
    }

    /** The parameters negotiated with the current client (transmit = meter to client), or null. */
    public HdlcParameters negotiated() {
        return negotiated;
    }

    /** Whether a client is connected (SNRM accepted, no DISC or inactivity since). */
    public boolean connected() {
        return connected;
    }

    @Override
    public boolean lastReceivedUnconfirmed() {
        return lastUnconfirmed;
    }

    @Override
    public byte[] receive(long timeoutMillis) throws DlmsException {
        lastUnconfirmed = false;
        Deadline overall = Deadline.after(timeoutMillis);
        while (true) {
            long quiet = connected ? idle.remainingMillis() : overall.remainingMillis();
            HdlcFrame f;
            try {
                f = st.next(Math.max(1, quiet), overall);
            } catch (DlmsException e) {
                if (st.eof()) {
                    drop();
                    return null;
                }
                throw e;
            }
            if (f == null) {
                if (connected && idle.expired()) {
                    drop();
                    return null;
                }
                if (overall.expired()) {
                    throw DlmsException.timeout(st.name(), "no request within " + timeoutMillis + " ms");
                }
                continue;
            }
            boolean toMe = HdlcStation.same(f.destination(), s.serverAddress());
            if (!toMe && !f.destination().reaches(s.serverAddress())) {
                continue;
            }
            HdlcControl c = f.control();
            if (c.type() == HdlcControl.Type.UI) {
                byte[] apdu = onUnnumberedInformation(f);
                if (apdu != null) {
                    lastUnconfirmed = true;
                    return apdu;
                }
                continue;
            }
            if (!toMe) {
                continue;
            }
            if (c.type() == HdlcControl.Type.SNRM) {
                boolean replaced = connected;
                accept(f);
                if (replaced) {
                    return null;
                }
                continue;
            }
            if (c.type() == HdlcControl.Type.DISC) {
                boolean was = connected && HdlcStation.same(f.source(), client);
                write(f.source(), HdlcControl.unnumbered(was ? HdlcControl.Type.UA : HdlcControl.Type.DM, true),
                        false, null);
                if (was) {
                    drop();
                    return null;
                }
                continue;
            }
            if (!connected || !HdlcStation.same(f.source(), client)) {
                if (c.pollFinal() && isSequenced(c.type()) && f.source().size() == 1) {
                    write(f.source(), HdlcControl.unnumbered(HdlcControl.Type.DM, true), false, null);
                }
                continue;
            }
            idle = Deadline.after(s.inactivityTimeout().toMillis());
            byte[] apdu = onFrame(f);
            if (apdu != null) {
                return apdu;
            }
        }
    }

    /**
     * A UI frame to this station or to all: part of an unconfirmed request of
     * the connected client. Returns the request once its last segment is in.
     */
    private byte[] onUnnumberedInformation(HdlcFrame f) {
        if (!connected || !HdlcStation.same(f.source(), client)) {
            return null;
        }
        idle = Deadline.after(s.inactivityTimeout().toMillis());
        if (uiReassembly.size() + f.informationLength() > s.maxApduLength() + 3) {
            uiOverflow = true;
        } else if (!uiOverflow) {
            uiReassembly.writeBytes(f.information());
        }
        if (f.segmented()) {
            return null;
        }
        byte[] data = uiReassembly.toByteArray();
        boolean dropped = uiOverflow;
        uiReassembly = new ByteArrayOutputStream(256);
        uiOverflow = false;
        try {
            return dropped ? null : Llc.unwrap(data, true);
        } catch (DlmsCodecException e) {
            return null; // not a DLMS request; a UI frame gets no answer either way
        }
    }

    private static boolean isSequenced(HdlcControl.Type t) {
        return t == HdlcControl.Type.I || t == HdlcControl.Type.RR || t == HdlcControl.Type.RNR;
    }

    /** Handles a frame of the connected client; returns a complete request, if this frame completed one. */
    private byte[] onFrame(HdlcFrame f) throws DlmsException {
        HdlcControl c = f.control();
        switch (c.type()) {
            case I -> {
                applyNr(c.receiveSequence());
                if (c.sendSequence() != vr) {
                    if (c.pollFinal()) {
                        respondToPoll();
                    }
                    return null;
                }
                vr = (vr + 1) & 7;
                if (reassembly.size() + f.informationLength() > s.maxApduLength() + 3) {
                    overflow = true; // keep acknowledging, drop the APDU at its end
                } else if (!overflow) {
                    reassembly.writeBytes(f.information());
                }
                if (f.segmented()) {
                    if (c.pollFinal()) {
                        write(client, HdlcControl.receiveReady(vr, true), false, null);
                    }
                    return null;
                }
                byte[] data = reassembly.toByteArray();
                boolean dropped = overflow;
                reassembly = new ByteArrayOutputStream(256);
                overflow = false;
                if (!dropped) {
                    try {
                        return Llc.unwrap(data, true);
                    } catch (DlmsCodecException e) {
                        // not a DLMS request: nothing to answer
                    }
                }
                write(client, HdlcControl.receiveReady(vr, true), false, null);
                return null;
            }
            case RR -> {
                applyNr(c.receiveSequence());
                if (c.pollFinal()) {
                    respondToPoll();
                }
            }
            case RNR -> {
                applyNr(c.receiveSequence());
                if (c.pollFinal()) {
                    write(client, HdlcControl.receiveReady(vr, true), false, null);
                }
            }
            default -> { } // UA, DM, FRMR from a client: nothing to do (UI is handled before)
        }
        return null;
    }

    private void accept(HdlcFrame snrm) throws DlmsException {
        HdlcParameters p;
        try {
            p = HdlcParameters.decode(snrm.information());
        } catch (DlmsCodecException e) {
            write(snrm.source(), HdlcControl.unnumbered(HdlcControl.Type.DM, true), false, null);
            return;
        }
        if (snrm.source().size() != 1) {
            return; // a client address has one byte
        }
        negotiated = new HdlcParameters(Math.min(s.maxInfoTransmit(), p.maxInfoReceive()),
                Math.min(s.maxInfoReceive(), p.maxInfoTransmit()), Math.min(s.windowTransmit(), p.windowReceive()),
                Math.min(s.windowReceive(), p.windowTransmit()));
        drop();
        connected = true;
        client = snrm.source();
        idle = Deadline.after(s.inactivityTimeout().toMillis());
        write(client, HdlcControl.unnumbered(HdlcControl.Type.UA, true), false, negotiated.encode());
    }

    private void drop() {
        connected = false;
        vs = 0;
        vr = 0;
        reassembly = new ByteArrayOutputStream(256);
        overflow = false;
        uiReassembly = new ByteArrayOutputStream(256);
        uiOverflow = false;
        out = new byte[0][];
        outAcked = 0;
        outSent = 0;
        outBase = 0;
    }

    @Override
    public void send(byte[] apdu) throws DlmsException {
        if (!connected) {
            throw DlmsException.unreachable(st.name(), "no HDLC connection to answer on", null);
        }
        out = HdlcStation.segments(Llc.wrap(apdu, false), negotiated.maxInfoTransmit());
        outBase = vs;
        outAcked = 0;
        outSent = 0;
        vs = (vs + out.length) & 7;
        transmitWindow();
    }

    private void respondToPoll() throws DlmsException {
        if (outAcked < out.length) {
            transmitWindow();
        } else {
            write(client, HdlcControl.receiveReady(vr, true), false, null);
        }
    }

    private void transmitWindow() throws DlmsException {
        int to = Math.min(outAcked + negotiated.windowTransmit(), out.length);
        for (int k = outAcked; k < to; k++) {
            write(client, HdlcControl.information((outBase + k) & 7, vr, k == to - 1), k < out.length - 1, out[k]);
        }
        outSent = Math.max(outSent, to);
    }

    private void applyNr(int nr) {
        int unacked = outSent - outAcked;
        int acked = (nr - ((outBase + outAcked) & 7)) & 7;
        if (acked <= unacked) {
            outAcked += acked;
        }
    }

    private void write(HdlcAddress to, HdlcControl c, boolean segmented, byte[] info) throws DlmsException {
        st.write(to, s.serverAddress(), c, segmented, info);
    }

    @Override
    public int peerAddress() {
        return connected ? client.upper() : -1;
    }

    @Override
    public boolean isOpen() {
        return st.link().isOpen() && !st.eof();
    }

    @Override
    public void close() {
        drop();
        st.link().close();
    }

    @Override
    public String toString() {
        return st.name();
    }
}
