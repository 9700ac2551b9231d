package io.fums.dlms.wrapper;

import io.fums.dlms.DlmsCodecException;
import java.util.Arrays;

/**
 * A wrapper protocol data unit: header plus APDU.
 *
 * @param sourceWport      sender's wrapper port
 * @param destinationWport receiver's wrapper port
 * @param apdu             the APDU, at most 65535 bytes
 */
public record WrapperPdu(int sourceWport, int destinationWport, byte[] apdu) {

    /** Validates and copies. */
    public WrapperPdu {
        if (sourceWport < 0 || sourceWport > 0xFFFF || destinationWport < 0 || destinationWport > 0xFFFF) {
            throw new IllegalArgumentException("wPorts are 16-bit");
        }
        if (apdu.length > 0xFFFF) {
            throw new IllegalArgumentException("APDU too long for the wrapper: " + apdu.length);
        }
        apdu = apdu.clone();
    }

    @Override
    public byte[] apdu() {
        return apdu.clone();
    }

    /** The APDU's length without copying it. */
    public int apduLength() {
        return apdu.length;
    }

    /** Header and APDU. */
    public byte[] encode() {
        byte[] header = new WrapperHeader(WrapperHeader.VERSION, sourceWport, destinationWport, apdu.length).encode();
        byte[] out = Arrays.copyOf(header, WrapperHeader.SIZE + apdu.length);
        System.arraycopy(apdu, 0, out, WrapperHeader.SIZE, apdu.length);
        return out;
    }

    /** Decodes exactly one PDU (a UDP datagram): the header's length must match. */
    public static WrapperPdu decode(byte[] datagram) throws DlmsCodecException {
        WrapperHeader h = WrapperHeader.decode(datagram, 0);
        if (h.length() != datagram.length - WrapperHeader.SIZE) {
            throw new DlmsCodecException("wrapper length " + h.length() + " differs from the "
                    + (datagram.length - WrapperHeader.SIZE) + " APDU bytes received");
        }
        return new WrapperPdu(h.sourceWport(), h.destinationWport(),
                Arrays.copyOfRange(datagram, WrapperHeader.SIZE, datagram.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrapperPdu p && p.sourceWport == sourceWport && p.destinationWport == destinationWport
                && Arrays.equals(p.apdu, apdu);
    }

    @Override
    public int hashCode() {
        return (sourceWport * 31 + destinationWport) * 31 + Arrays.hashCode(apdu);
    }

    @Override
    public String toString() {
        return "WrapperPdu[" + sourceWport + " -> " + destinationWport + ", " + apdu.length + " octets]";
    }
}
