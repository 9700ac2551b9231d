package io.fums.meter.reading;

import io.fums.api.error.FumsException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The supply switch of a meter: its disconnect control object (DLMS/COSEM
 * interface class 70, 0-0:96.3.10.255), read and operated remotely (SEC-4).
 *
 * <p>This service only talks to the meter: it authorises nothing. The
 * callers decide who may open a home's supply: the cloud operation
 * {@code meters.disconnect} needs two distinct operator signatures (dual
 * control) and is refused while a campaign holds the meter; see
 * {@code docs/meters.md}. Each call runs as one exchange scheduled on the
 * meter's link with the precedence of a read, in an association of the
 * meter's own security.
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 *
 * <p><b>Errors:</b> {@code METER_UNKNOWN} for a meter id not in the
 * inventory; {@code METER_UNREACHABLE}, {@code METER_AUTH_FAILED},
 * {@code METER_PROTOCOL}, and {@code METER_REFUSED} (the meter refused the
 * method: e.g. its control_mode is 0, or it has no disconnect control
 * object) as {@link io.fums.dlms.DlmsException}.
 *
 * @since 1.2
 */
@ProviderType
public interface MeterSupply {

    /**
     * Reads the switch's output_state, control_state and control_mode.
     *
     * @param meterId the meter's id
     * @return what the meter answered
     * @throws FumsException see the class documentation
     */
    SupplyState state(String meterId) throws FumsException;

    /**
     * Invokes remote_disconnect (method 1), then reads the state back.
     *
     * @param meterId the meter's id
     * @return the state read back after the method; {@code DISCONNECTED} when it took effect
     * @throws FumsException see the class documentation
     */
    SupplyState disconnect(String meterId) throws FumsException;

    /**
     * Invokes remote_reconnect (method 2), then reads the state back. Per
     * the meter's control_mode the supply is back on ({@code CONNECTED},
     * modes 2 and 4) or the meter is only armed
     * ({@code READY_FOR_RECONNECTION}, modes 1, 3, 5, 6): the consumer then
     * closes the switch on the meter.
     *
     * @param meterId the meter's id
     * @return the state read back after the method
     * @throws FumsException see the class documentation
     */
    SupplyState reconnect(String meterId) throws FumsException;
}
