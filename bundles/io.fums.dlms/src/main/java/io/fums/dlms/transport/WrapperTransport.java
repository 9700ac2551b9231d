package io.fums.dlms.transport;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.wrapper.WrapperPdu;
import io.fums.dlms.wrapper.WrapperReader;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The IEC 62056-47 TCP wrapper over a {@link Link}: every APDU gets the
 * 8-byte header (version 1, source wPort, destination wPort, length).
 *
 * <p>A client sends from its client SAP to the server's logical device and
 * accepts only PDUs from that logical device to its SAP. A server accepts
 * PDUs for its logical device (any, if created with -1) from any client SAP
 * and answers to the client SAP of the last PDU received. A header with a
 * wrong version or a length above {@code maxApduLength} fails the stream
 * (METER_PROTOCOL): TCP cannot resynchronise.
 */
public final class WrapperTransport implements ApduTransport {

    private static final int MAX_QUEUED = 16;

    private final Link link;
    private final boolean server;
    private final int localWport;
    private int remoteWport;
    private int replyWport;
    private final WrapperReader reader;
    private final Deque<WrapperPdu> queued = new ArrayDeque<>();
    private final byte[] chunk = new byte[4096];
    private final String name;
    private boolean eof;

    private WrapperTransport(Link link, boolean server, int localWport, int remoteWport, int maxApduLength) {
        this.link = link;
        this.server = server;
        this.localWport = localWport;
        this.remoteWport = remoteWport;
        this.replyWport = localWport;
        this.reader = new WrapperReader(maxApduLength);
        this.name = link.name() + " wrapper "
                + (server ? "server wPort " + localWport : localWport + "->" + remoteWport);
    }

    /** A client: from {@code clientWport} (the client SAP, e.g. 0x10) to {@code serverWport} (the logical device, e.g. 1). */
    public static WrapperTransport client(Link link, int clientWport, int serverWport) {
        checkWport(clientWport);
        checkWport(serverWport);
        return new WrapperTransport(link, false, clientWport, serverWport, 0xFFFF);
    }

    /** A server for logical device {@code serverWport}, or for any destination with -1. */
    public static WrapperTransport server(Link link, int serverWport) {
        if (serverWport != -1) {
            checkWport(serverWport);
        }
        return new WrapperTransport(link, true, serverWport, -1, 0xFFFF);
    }

    private static void checkWport(int w) {
        if (w < 0 || w > 0xFFFF) {
            throw new IllegalArgumentException("wPort must be 0..65535: " + w);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(byte[] apdu) throws DlmsException {
        if (remoteWport < 0) {
            throw DlmsException.protocol(name, "no client to answer yet");
        }
        if (apdu.length > 0xFFFF) {
            throw new IllegalArgumentException("APDU too long for the wrapper: " + apdu.length);
        }
        link.write(new WrapperPdu(replyWport, remoteWport, apdu).encode());
    }

    @Override
    public byte[] receive(long timeoutMillis) throws DlmsException {
        Deadline deadline = Deadline.after(timeoutMillis);
        while (true) {
            while (!queued.isEmpty()) {
                WrapperPdu pdu = queued.poll();
                if (accept(pdu)) {
                    return pdu.apdu();
                }
            }
            long left = deadline.remainingMillis();
            if (left == 0) {
                throw DlmsException.timeout(name, "no complete APDU within " + timeoutMillis + " ms");
            }
            int n = link.read(chunk, 0, chunk.length, left);
            if (n < 0) {
                eof = true;
                return null;
            }
            if (n > 0) {
                try {
                    queued.addAll(reader.feed(chunk, 0, n));
                } catch (DlmsCodecException e) {
                    throw DlmsException.at(name, e);
                }
                if (queued.size() > MAX_QUEUED) {
                    throw DlmsException.protocol(name, "peer floods: more than " + MAX_QUEUED + " unanswered PDUs");
                }
            }
        }
    }

    private boolean accept(WrapperPdu pdu) throws DlmsException {
        if (server) {
            if (localWport >= 0 && pdu.destinationWport() != localWport) {
                return false; // for another logical device: not ours to answer
            }
            remoteWport = pdu.sourceWport();
            replyWport = pdu.destinationWport();
            return true;
        }
        if (pdu.sourceWport() != remoteWport || pdu.destinationWport() != localWport) {
            throw DlmsException.protocol(name, "PDU from wPort " + pdu.sourceWport() + " to "
                    + pdu.destinationWport() + ", expected " + remoteWport + " to " + localWport);
        }
        return true;
    }

    @Override
    public int peerAddress() {
        return remoteWport;
    }

    @Override
    public boolean isOpen() {
        return !eof && link.isOpen();
    }

    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
