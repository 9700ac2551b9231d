package io.fums.dlms.transport;

import io.fums.dlms.DlmsException;
import java.io.Closeable;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Carries complete APDUs between a DLMS client and a server: framing,
 * segmentation and link-level recovery are below this interface, the
 * application layer (association, ciphering, services) above it.
 *
 * <p>Used by one thread at a time; {@link #close()} may be called from any
 * thread.
 */
@ConsumerType
public interface ApduTransport extends Closeable {

    /** The link and framing, for messages, e.g. {@code "tcp 10.0.0.7:4059 wrapper 16->1"}. */
    String name();

    /**
     * Sends one APDU (segmenting it as the layer requires).
     *
     * @throws DlmsException METER_UNREACHABLE if the link failed or the peer stopped acknowledging
     */
    void send(byte[] apdu) throws DlmsException;

    /** Makes an APDU to send; see {@link #sendWhenReady}. */
    @FunctionalInterface
    interface Encoder {
        byte[] encode() throws DlmsException;
    }

    /**
     * Sends the APDU that {@code encoder} makes, made only when it can go out
     * at once. A client's ciphered request takes the next invocation counter
     * when it is made: a transport that waits for a turn on a shared link
     * (and may let another request of the same association go first) waits
     * before making it, so that requests leave in counter order and a meter
     * never sees a replay. The default makes the APDU and sends it.
     *
     * @throws DlmsException what {@code encoder} or {@link #send(byte[])} throws
     * @since 1.2
     */
    default void sendWhenReady(Encoder encoder) throws DlmsException {
        send(encoder.encode());
    }

    /**
     * Waits for the next complete APDU from the peer.
     *
     * @return the APDU, or {@code null} when the peer ended the conversation
     *         (closed the link, disconnected the HDLC connection, or a new
     *         HDLC connection replaced the old one): any association is over
     * @throws DlmsException METER_UNREACHABLE with {@link DlmsException#isTimeout()} when nothing
     *         complete arrived within {@code timeoutMillis}; METER_PROTOCOL for a peer that breaks the framing
     */
    byte[] receive(long timeoutMillis) throws DlmsException;

    /**
     * Whether the APDU that {@link #receive} returned last came in a way that
     * allows no answer: an HDLC UI frame, addressed to this station or to all
     * stations (broadcast, IEC 62056-46). A server applies such a request
     * only as an unconfirmed service and never responds to it, whatever its
     * service class says: on a shared medium every meter would answer at once.
     * False for transports that have no such frames (the TCP wrapper).
     *
     * @since 1.1
     */
    default boolean lastReceivedUnconfirmed() {
        return false;
    }

    /**
     * The peer's address at this layer: on a server, the client SAP (wrapper
     * source wPort or HDLC client address) of the current conversation; on a
     * client, the server's. -1 while unknown.
     */
    int peerAddress();

    /** Whether the underlying link is still open. */
    boolean isOpen();

    /** Ends the conversation politely where the layer has a way (HDLC DISC) and closes the link. */
    @Override
    void close();
}
