package io.fums.meter.access;

import io.fums.dlms.DlmsException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends APDUs to every meter on one shared serial medium at once, in HDLC UI
 * frames to the all-station address, from one client SAP (IEC 62056-46; see
 * {@code io.fums.dlms.transport.HdlcBroadcaster}). Nothing is answered: the
 * caller reads afterwards, over each meter's association, what the meter
 * took. A meter applies a broadcast APDU only while it has an association
 * with that client SAP open ({@link MeterInventory#open(String)}), and only
 * in clear ({@link MeterMedium#clear()}).
 *
 * <p>Every {@link #send} is one exchange on the link under its scheduler,
 * with the precedence of a transfer: it waits while reads on the medium are
 * waiting or running, so reads keep their period during a broadcast (SM-8).
 * The caller never touches the port.
 *
 * <p>Thread-safe; sends of one broadcaster leave in call order.
 *
 * @since 1.5
 */
@ProviderType
public interface MediumBroadcaster {

    /** The medium's serial link name. */
    String linkId();

    /**
     * Sends one APDU (an unconfirmed service, e.g. image_block_transfer) to every meter on the medium.
     *
     * @throws DlmsException METER_UNREACHABLE if the link is absent, fails, or gives no turn within the read
     *     timeout
     */
    void send(byte[] apdu) throws DlmsException;

    /**
     * Sends an empty UI frame to all stations: every meter with an open association restarts its HDLC
     * inactivity timer, so its association survives while the caller talks to other meters.
     *
     * @throws DlmsException as {@link #send}
     */
    void keepAlive() throws DlmsException;

    /** When (System.nanoTime) the last frame left, or the broadcaster was made. */
    long lastSentNanos();

    /** Frames sent so far by this broadcaster. */
    long framesSent();
}
