package io.fums.meter.access;

import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The meters this DCU serves (the inventory file, see {@code docs/meters.md}),
 * their identity (SM-1), associations with them over their links, and the
 * anomalies seen on them (SEC-8).
 *
 * <p><b>Links.</b> Every exchange with a meter, whoever asked for it, is
 * scheduled on the meter's link: one request/response exchange at a time per
 * link, reads first (see the package documentation). Associations use each
 * meter's own security settings and keys, and the meter's own invocation
 * counters, which are kept durably so that they keep rising across DCU
 * restarts (SEC-2).
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 *
 * <p><b>Errors:</b> {@code METER_UNKNOWN} for a meter id that is not in the
 * inventory; {@code METER_UNREACHABLE} (link absent or busy, no answer),
 * {@code METER_AUTH_FAILED}, {@code METER_REFUSED} and {@code METER_PROTOCOL}
 * from the meter, as {@link DlmsException}; {@code STORAGE_FAILED} when the
 * DCU's database cannot be written.
 */
@ProviderType
public interface MeterInventory {

    /**
     * Every meter of the inventory.
     *
     * @return the meters in the order of the inventory file; empty when there is no
     *     inventory file or it is invalid (its error is logged and audited)
     */
    List<MeterInfo> meters();

    /**
     * One meter.
     *
     * @param meterId the meter's id
     * @return the meter, or empty if it is not in the inventory
     */
    Optional<MeterInfo> meter(String meterId);

    /**
     * Reads the meter's device id and active firmware identifier now (SM-1),
     * with the precedence of a read on its link. The identifier is checked
     * like a periodic read's: an unannounced change raises
     * {@link MeterAlarm#FIRMWARE_CHANGED}.
     *
     * @param meterId the meter's id
     * @return what the meter answered
     * @throws FumsException {@code METER_UNKNOWN}, or a {@link DlmsException} if the meter
     *     could not be read
     */
    MeterIdentity identify(String meterId) throws FumsException;

    /**
     * Opens an association with the meter (its link's framing, its security)
     * for the caller's own requests, e.g. an image transfer. Every exchange of
     * the returned client is scheduled on the meter's link with the
     * precedence of a transfer: it waits while reads on that link are waiting
     * or running, so those reads slip in between two of the caller's
     * requests.
     *
     * <p>A meter has one association at a time: this call waits up to the
     * configured read timeout for the meter's current association (a read,
     * or another caller's) to end, and then fails. While the returned
     * association is open, reads of this meter run over it, unless it is
     * ciphered: each request of a ciphered association is protected with the
     * next invocation counter before it is sent, so no read can slip in
     * between, and reads of this meter fail at once (and count as missed)
     * until it is closed; keep ciphered associations short.
     *
     * <p>The caller must {@link DlmsClient#close() close} the client; closing
     * it never closes a serial port shared with other meters.
     *
     * @param meterId the meter's id
     * @return the open association
     * @throws DlmsException {@code METER_UNREACHABLE} if the link is absent or busy or the
     *     meter does not answer, {@code METER_AUTH_FAILED} if it refuses the credentials,
     *     {@code METER_REFUSED}, {@code METER_PROTOCOL}
     * @throws FumsException {@code METER_UNKNOWN}
     */
    DlmsClient open(String meterId) throws DlmsException, FumsException;

    /**
     * Announces that the meter's active firmware identifier will change to
     * {@code identifier}, so that the change is not an anomaly. The
     * meter-upgrade agent calls it before activating a new image. Durable:
     * the expectation holds across restarts until a read sees the meter run
     * {@code identifier} (or a later call replaces it).
     *
     * @param meterId    the meter's id
     * @param identifier the active firmware identifier the meter will report
     * @throws FumsException {@code METER_UNKNOWN}; {@code STORAGE_FAILED} if it could not be
     *     recorded (then do not activate: the change would raise an alarm)
     */
    void expectFirmware(String meterId, String identifier) throws FumsException;

    /**
     * The meters marked suspect by an alarm and not cleared since (durable).
     *
     * @return the meter ids, sorted
     */
    Set<String> suspects();

    /**
     * Why a meter is suspect: the alarm kind and what it said, as text.
     *
     * @param meterId the meter's id
     * @return the reason, or empty if the meter is not suspect
     * @since 1.4
     */
    default java.util.Optional<String> suspectReason(String meterId) {
        return suspects().contains(meterId) ? java.util.Optional.of("marked suspect by an alarm")
                : java.util.Optional.empty();
    }

    /**
     * Clears a meter's suspect mark (after an operator looked at it) and its
     * count of authentication failures. Audited. Clearing a meter that is not
     * suspect does nothing.
     *
     * @param meterId the meter's id
     * @throws FumsException {@code STORAGE_FAILED} if it could not be recorded
     */
    void clearSuspect(String meterId) throws FumsException;

    /**
     * Why the DCU cannot use its inventory now (since 1.4): the inventory file is missing, names no meter, or was
     * refused (then the meters loaded before are still served). The text names the file and the reason, for a
     * person; the DCU reports it as degraded (health check, the {@code meters} section of its state).
     *
     * @return the reason, or empty while the inventory is usable
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * The shared serial medium the meter is on: which meters share its link,
     * and which of them are in clear (since 1.5).
     *
     * @param meterId the meter's id
     * @return the medium; empty for a meter on TCP or not in the inventory
     */
    default Optional<MeterMedium> medium(String meterId) {
        return Optional.empty();
    }

    /**
     * A broadcaster on the meter's shared medium, from the meter's client SAP
     * to the all-station address in the size of the meter's HDLC address
     * (since 1.5). Its sends are scheduled on the link like a transfer's
     * exchanges: reads go first (SM-8).
     *
     * @param meterId a meter on the medium; the meters that should apply the broadcast use the same client SAP
     * @return a new broadcaster (cheap: it opens nothing until it sends)
     * @throws FumsException {@code METER_UNKNOWN}; a {@link DlmsException} METER_UNREACHABLE if the meter is not on a
     *     shared serial medium
     */
    default MediumBroadcaster broadcaster(String meterId) throws FumsException {
        throw DlmsException.unreachable("meter " + meterId, "no broadcast on this DCU's meter links", null);
    }

    /**
     * What the meter offers, from its association object list (since 1.6): read at the first
     * contact and after each change of its active firmware identifier, and kept durably.
     *
     * @param meterId the meter's id
     * @return the meter's capabilities; empty if the DCU never read them (never contacted, or the
     *     meter did not serve a valid object list)
     */
    default Optional<MeterCapabilities> capabilities(String meterId) {
        return Optional.empty();
    }
}
