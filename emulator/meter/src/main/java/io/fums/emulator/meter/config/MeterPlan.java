package io.fums.emulator.meter.config;

import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.link.LinkProfile;
import io.fums.emulator.meter.model.MeterSpec;

/**
 * One meter of the population, resolved: what it is and how it is reached.
 *
 * @param spec          the meter
 * @param tcpPort       its TCP wrapper port, or 0
 * @param pty           its own virtual serial port (HDLC), or null
 * @param medium        the shared medium it is on (HDLC), or null
 * @param hdlcAddress   its HDLC physical device address (lower address)
 * @param logicalDevice its logical device (HDLC upper address, wrapper wPort), usually 1
 * @param security      association security
 * @param link          its own link profile (a shared medium has the medium's)
 * @param faults        faults from the configuration
 * @param maxPduSize    the largest APDU the meter receives (negotiated in the association)
 * @param hdlcMaxInfo   the largest HDLC information field the meter offers, both directions
 * @param hdlcWindow    the HDLC window the meter offers, both directions
 */
public record MeterPlan(MeterSpec spec, int tcpPort, String pty, String medium, int hdlcAddress, int logicalDevice,
        MeterSecurity security, LinkProfile link, FaultPlan faults, int maxPduSize, int hdlcMaxInfo, int hdlcWindow) {

    /** Validates the DLMS sizes. */
    public MeterPlan {
        if (maxPduSize < 64 || maxPduSize > 0xFFFF) {
            throw new IllegalArgumentException("maxPduSize must be 64..65535");
        }
        if (hdlcMaxInfo < 16 || hdlcMaxInfo > 2030 || hdlcWindow < 1 || hdlcWindow > 7) {
            throw new IllegalArgumentException("hdlcMaxInfo must be 16..2030 and hdlcWindow 1..7");
        }
    }
}
