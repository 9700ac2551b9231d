package io.fums.meter.access;

import io.fums.dlms.DlmsException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends APDUs to every meter on one shared serial medium at once, in HDLC UI
 * frames to the all-station address, from one client SAP (IEC 62056-46; see
 * {@code io.fums.dlms.transport.HdlcBroadcaster}). Nothing is answered: the
 * caller reads afterwards, over each meter's association, what the meter
 * took. A meter applies a broadcast APDU only while it has an association
 * with that client SAP open ({@link MeterInventory#open(String)}): an APDU
 * in clear ({@link #send}) only the meters in clear ({@link MeterMedium#clear()}),
 * one ciphered with the medium's broadcast key ({@link #sendCiphered}, since
 * 1.1) only the ciphering meters that hold it ({@link MeterMedium#ciphered()}).
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
     * Sends one APDU (an unconfirmed SET or ACTION, in clear) glo-ciphered
     * with the medium's broadcast key (Green Book key-set bit; {@code
     * io.fums.dlms.security.BroadcastChannel}) from the system title of the
     * broadcaster's client, to every meter on the medium; the ciphering meters
     * that hold the key ({@link MeterMedium#ciphered()}) apply it. The
     * medium's broadcast invocation counter (one per medium and key) is
     * reserved durably before the frame leaves, and counters leave in the
     * order they are taken: none is ever sent twice, even across a DCU kill.
     *
     * @throws DlmsException CONFIG_MISSING: no broadcast key for the medium (provisioned from the cloud);
     *     STORAGE_FAILED: the counter cannot be stored (nothing sent); as {@link #send}
     * @since 1.1
     */
    void sendCiphered(byte[] plainApdu) throws DlmsException;

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
