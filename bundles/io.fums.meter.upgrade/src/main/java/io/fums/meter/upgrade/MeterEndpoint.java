package io.fums.meter.upgrade;

import io.fums.api.device.DeviceType;
import io.fums.api.error.FumsException;
import io.fums.dlms.client.DlmsClient;
import java.util.Objects;

/**
 * A meter the agent can reach: its id, device type, the link it sits on (the
 * unit of concurrency: one serial port, PLC modem or TCP endpoint) and how to
 * open an association with it.
 *
 * @param meterId    the meter
 * @param deviceType its device type
 * @param linkId     the link it is reached over; meters on one link share its capacity
 * @param connector  opens a DLMS association (the caller closes it)
 */
public record MeterEndpoint(String meterId, DeviceType deviceType, String linkId, Connector connector) {

    /** Opens an association with the meter. */
    @FunctionalInterface
    public interface Connector {
        DlmsClient open() throws FumsException;
    }

    public MeterEndpoint {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(connector, "connector");
    }
}
