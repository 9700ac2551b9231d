package io.fums.dlms.hdlc;

import io.fums.dlms.DlmsCodecException;
import java.util.Arrays;

/**
 * The LLC header of IEC 62056-46 that precedes an APDU in the information
 * field of the first I frame of a message: {@code E6 E6 00} from client to
 * server (command), {@code E6 E7 00} from server to client (response).
 */
public final class Llc {

    /** Destination LSAP 0xE6, source LSAP 0xE6, quality 0x00: client to server. */
    private static final byte[] COMMAND = {(byte) 0xE6, (byte) 0xE6, 0x00};
    /** Destination LSAP 0xE6, source LSAP 0xE7, quality 0x00: server to client. */
    private static final byte[] RESPONSE = {(byte) 0xE6, (byte) 0xE7, 0x00};

    private Llc() {
    }

    /** The APDU with the LLC header in front. */
    public static byte[] wrap(byte[] apdu, boolean fromClient) {
        byte[] out = new byte[apdu.length + 3];
        System.arraycopy(fromClient ? COMMAND : RESPONSE, 0, out, 0, 3);
        System.arraycopy(apdu, 0, out, 3, apdu.length);
        return out;
    }

    /**
     * The APDU after the LLC header, which must be the one expected.
     *
     * @param fromClient true if the data was sent by the client (header E6 E6 00)
     */
    public static byte[] unwrap(byte[] information, boolean fromClient) throws DlmsCodecException {
        byte[] header = fromClient ? COMMAND : RESPONSE;
        if (information.length < 3 || !Arrays.equals(information, 0, 3, header, 0, 3)) {
            throw new DlmsCodecException("information field does not start with the LLC header "
                    + (fromClient ? "E6 E6 00" : "E6 E7 00"));
        }
        return Arrays.copyOfRange(information, 3, information.length);
    }
}
