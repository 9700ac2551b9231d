package io.fums.emulator.meter.net;

import io.fums.dlms.DlmsException;
import io.fums.dlms.transport.ApduTransport;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.model.MeterModel;

/**
 * Runs the DLMS server session (association, security, services, block
 * transfer) of io.fums.dlms for one meter over one transport: the seam
 * between the emulator's listeners and the session layer.
 */
@FunctionalInterface
public interface SessionRunner {

    /**
     * Serves requests from {@code transport} with {@code model} (configured
     * as {@code plan} says: security, PDU size) until the link closes or the
     * session idles out (returns) or the link fails (throws).
     */
    void serve(ApduTransport transport, MeterModel model, MeterPlan plan) throws DlmsException;
}
