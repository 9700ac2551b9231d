package io.fums.dlms.transport;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.HdlcParameters;
import io.fums.dlms.hdlc.Llc;
import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.link.Link;

/**
 * The client (primary station) of an IEC 62056-46 HDLC connection in normal
 * response mode.
 *
 * <p>{@link #connect} sends SNRM with the proposed parameters and takes the
 * smaller of each from the meter's UA. {@link #send} segments the APDU (LLC
 * header E6 E6 00 first) into I frames of the negotiated size, a window at a
 * time with P set on the last frame of each window, and waits for the RR
 * that acknowledges each window but the last. {@link #receive} collects the
 * meter's I frames, asks for further segments with RR, and recovers from
 * lost frames: when nothing arrives within the response timeout it
 * retransmits its unacknowledged frames or polls with RR (go-back-N), at most
 * {@code maxRetries} times. DM or DISC from the meter ends the connection.
 */
public final class HdlcClientTransport implements ApduTransport {

    private final HdlcStation st;
    private final HdlcSettings s;
    private HdlcParameters negotiated;
    private boolean connected;
    private int vr;
    private byte[][] segments = new byte[0][];
    private int seqBase;
    private int segAcked;
    private int segSent;

    private HdlcClientTransport(Link link, HdlcSettings settings) {
        this.s = settings;
        this.st = new HdlcStation(link, link.name() + " hdlc " + settings.clientAddress() + "->"
                + settings.serverAddress(), settings.interOctetTimeout().toMillis());
    }

    /**
     * Opens the HDLC connection: SNRM, UA.
     *
     * @throws DlmsException METER_UNREACHABLE without UA after the retries, METER_REFUSED on DM,
     *         METER_PROTOCOL on a malformed UA; the link is closed on failure
     */
    public static HdlcClientTransport connect(Link link, HdlcSettings settings) throws DlmsException {
        if (settings.clientAddress() == null) {
            throw new IllegalArgumentException("a client needs its client address");
        }
        HdlcClientTransport t = new HdlcClientTransport(link, settings);
        try {
            t.snrm();
            return t;
        } catch (DlmsException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private void snrm() throws DlmsException {
        HdlcParameters proposal = new HdlcParameters(s.maxInfoTransmit(), s.maxInfoReceive(), s.windowTransmit(),
                s.windowReceive());
        long timeout = s.responseTimeout().toMillis();
        for (int attempt = 0; attempt <= s.maxRetries(); attempt++) {
            write(HdlcControl.unnumbered(HdlcControl.Type.SNRM, true), false, proposal.encode());
            Deadline d = Deadline.after(timeout);
            HdlcFrame f;
            while ((f = st.next(timeout, d)) != null) {
                if (!fromServer(f)) {
                    continue;
                }
                if (f.control().type() == HdlcControl.Type.UA) {
                    HdlcParameters p;
                    try {
                        p = HdlcParameters.decode(f.information());
                    } catch (DlmsCodecException e) {
                        throw DlmsException.at(st.name, e);
                    }
                    negotiated = new HdlcParameters(Math.min(s.maxInfoTransmit(), p.maxInfoReceive()),
                            Math.min(s.maxInfoReceive(), p.maxInfoTransmit()),
                            Math.min(s.windowTransmit(), p.windowReceive()),
                            Math.min(s.windowReceive(), p.windowTransmit()));
                    if (negotiated.maxInfoTransmit() < HdlcSettings.MIN_INFO) {
                        throw DlmsException.protocol(st.name, "meter accepts information fields of only "
                                + negotiated.maxInfoTransmit() + " bytes");
                    }
                    connected = true;
                    vr = 0;
                    seqBase = 0;
                    return;
                }
                if (f.control().type() == HdlcControl.Type.DM) {
                    throw DlmsException.refused(st.name, "meter refused the HDLC connection (DM)");
                }
            }
        }
        throw DlmsException.timeout(st.name, "no UA to SNRM after " + (s.maxRetries() + 1) + " attempt(s) of "
                + timeout + " ms");
    }

    /** The negotiated parameters, from this client's point of view (transmit = client to meter). */
    public HdlcParameters negotiated() {
        return negotiated;
    }

    @Override
    public String name() {
        return st.name;
    }

    @Override
    public void send(byte[] apdu) throws DlmsException {
        requireConnected();
        finishExchange();
        segments = HdlcStation.segments(Llc.wrap(apdu, true), negotiated.maxInfoTransmit());
        segAcked = 0;
        segSent = 0;
        int n = segments.length;
        int retries = 0;
        long timeout = s.responseTimeout().toMillis();
        while (true) {
            int end = Math.min(segAcked + negotiated.windowTransmit(), n);
            transmit(segAcked, end);
            if (end == n) {
                return; // the answer to the last window is the response: receive() reads it
            }
            int before = segAcked;
            awaitWindowAck(timeout);
            if (segAcked == before && ++retries > s.maxRetries()) {
                throw DlmsException.timeout(st.name, "meter stopped acknowledging segments after "
                        + (s.maxRetries() + 1) + " attempt(s)");
            } else if (segAcked != before) {
                retries = 0;
            }
        }
    }

    private void awaitWindowAck(long timeout) throws DlmsException {
        Deadline d = Deadline.after(2 * timeout);
        HdlcFrame f;
        while ((f = st.next(timeout, d)) != null) {
            if (!fromServer(f)) {
                continue;
            }
            HdlcControl c = f.control();
            switch (c.type()) {
                case RR, RNR -> {
                    applyNr(c.receiveSequence());
                    if (c.type() == HdlcControl.Type.RNR) {
                        pause(timeout);
                    }
                    if (c.pollFinal()) {
                        return;
                    }
                }
                case I -> applyNr(c.receiveSequence()); // mid-request, an I frame can only be a stale duplicate
                default -> checkDisconnect(f);
            }
        }
    }

    @Override
    public byte[] receive(long timeoutMillis) throws DlmsException {
        requireConnected();
        Deadline overall = Deadline.after(timeoutMillis);
        long timeout = s.responseTimeout().toMillis();
        ByteWriter acc = new ByteWriter(256);
        int retries = 0;
        while (true) {
            HdlcFrame f = st.next(timeout, overall);
            if (f == null) {
                if (overall.expired()) {
                    throw DlmsException.timeout(st.name, "no complete response within " + timeoutMillis + " ms");
                }
                if (++retries > s.maxRetries()) {
                    throw DlmsException.timeout(st.name, "no response after " + retries + " attempt(s) of "
                            + timeout + " ms");
                }
                poll();
                continue;
            }
            if (!fromServer(f)) {
                continue;
            }
            HdlcControl c = f.control();
            switch (c.type()) {
                case I -> {
                    applyNr(c.receiveSequence());
                    boolean complete = false;
                    boolean accepted = c.sendSequence() == vr;
                    if (!accepted && isDuplicate(c.sendSequence())) {
                        continue; // a retransmission of what arrived already: nothing to ask for
                    }
                    if (accepted) {
                        vr = (vr + 1) & 7;
                        if (acc.size() + f.informationLength() > s.maxApduLength() + 3) {
                            throw DlmsException.protocol(st.name, "response exceeds " + s.maxApduLength() + " bytes");
                        }
                        acc.bytes(f.information());
                        complete = !f.segmented();
                        retries = 0;
                    }
                    if (complete) {
                        finishExchange();
                        try {
                            return Llc.unwrap(acc.toByteArray(), false);
                        } catch (DlmsCodecException e) {
                            throw DlmsException.at(st.name, e);
                        }
                    }
                    if (c.pollFinal()) {
                        sendReceiveReady(); // next window, or the frames after a gap
                    }
                }
                case RR, RNR -> {
                    applyNr(c.receiveSequence());
                    if (c.pollFinal()) {
                        if (segAcked < segSent) {
                            if (++retries > s.maxRetries()) {
                                throw DlmsException.timeout(st.name, "meter keeps missing segments");
                            }
                            transmit(segAcked, segSent);
                        } else {
                            pause(timeout); // request taken, answer not ready: ask again shortly
                            sendReceiveReady();
                        }
                    }
                }
                default -> checkDisconnect(f);
            }
        }
    }

    /**
     * Whether N(S) {@code ns} is one of the frames received just before V(R)
     * (the meter retransmitted after a poll that crossed its answer), as far
     * as the window leaves that unambiguous modulo 8.
     */
    private boolean isDuplicate(int ns) {
        int w = negotiated.windowReceive(); // new frames lie W ahead of V(R), duplicates W behind
        return ((vr - 1 - ns) & 7) < Math.min(w, 8 - w);
    }

    /** A response came (or the exchange was abandoned): the request is delivered, its numbers are used. */
    private void finishExchange() {
        seqBase = (seqBase + segments.length) & 7;
        segments = new byte[0][];
        segAcked = 0;
        segSent = 0;
    }

    private void poll() throws DlmsException {
        if (segAcked < segSent) {
            transmit(segAcked, segSent);
        } else {
            sendReceiveReady();
        }
    }

    private void transmit(int from, int to) throws DlmsException {
        for (int k = from; k < to; k++) {
            HdlcControl c = HdlcControl.information((seqBase + k) & 7, vr, k == to - 1);
            write(c, k < segments.length - 1, segments[k]);
        }
        segSent = Math.max(segSent, to);
    }

    private void applyNr(int nr) {
        int unacked = segSent - segAcked;
        int acked = (nr - ((seqBase + segAcked) & 7)) & 7;
        if (acked <= unacked) {
            segAcked += acked;
        }
    }

    private void sendReceiveReady() throws DlmsException {
        write(HdlcControl.receiveReady(vr, true), false, null);
    }

    private void checkDisconnect(HdlcFrame f) throws DlmsException {
        switch (f.control().type()) {
            case DM, DISC -> {
                connected = false;
                throw DlmsException.unreachable(st.name, "meter dropped the HDLC connection ("
                        + f.control().type() + ")", null);
            }
            case FRMR -> throw DlmsException.protocol(st.name, "meter rejected a frame (FRMR)");
            default -> { } // UA, UI, stray SNRM: not for this exchange
        }
    }

    private boolean fromServer(HdlcFrame f) {
        return HdlcStation.same(f.destination(), s.clientAddress()) && HdlcStation.same(f.source(), s.serverAddress());
    }

    private void write(HdlcControl c, boolean segmented, byte[] info) throws DlmsException {
        st.write(s.serverAddress(), s.clientAddress(), c, segmented, info);
    }

    private void requireConnected() throws DlmsException {
        if (!connected) {
            throw DlmsException.unreachable(st.name, "HDLC connection is not open", null);
        }
    }

    private static void pause(long timeout) {
        try {
            Thread.sleep(Math.max(1, Math.min(100, timeout / 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int peerAddress() {
        return s.serverAddress().upper();
    }

    @Override
    public boolean isOpen() {
        return connected && st.link.isOpen();
    }

    /**
     * Ends the HDLC connection (DISC, then UA or DM within the response
     * timeout) but keeps the link open, e.g. to reach another meter on the
     * same bus. Errors are ignored.
     */
    public void disconnect() {
        if (!connected || !st.link.isOpen()) {
            connected = false;
            return;
        }
        connected = false;
        try {
            write(HdlcControl.unnumbered(HdlcControl.Type.DISC, true), false, null);
            long timeout = s.responseTimeout().toMillis();
            Deadline d = Deadline.after(timeout);
            HdlcFrame f;
            while ((f = st.next(timeout, d)) != null) {
                HdlcControl.Type t = f.control().type();
                if (fromServer(f) && (t == HdlcControl.Type.UA || t == HdlcControl.Type.DM)) {
                    break;
                }
            }
        } catch (DlmsException e) {
            // the meter is gone already
        }
    }

    /** {@link #disconnect()}, then closes the link. */
    @Override
    public void close() {
        try {
            disconnect();
        } finally {
            st.link.close();
        }
    }

    @Override
    public String toString() {
        return st.name;
    }
}
