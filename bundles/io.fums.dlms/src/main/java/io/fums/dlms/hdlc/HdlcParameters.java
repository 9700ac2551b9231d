package io.fums.dlms.hdlc;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;

/**
 * The HDLC parameter negotiation field of SNRM and UA frames (IEC 62056-46,
 * Green Book): format identifier 0x81, group identifier 0x80, group length,
 * then parameters 0x05 maximum information field length transmit, 0x06
 * receive, 0x07 window size transmit, 0x08 receive, each as identifier,
 * length, big-endian value. Values are as seen by the frame's sender. A
 * missing field or parameter means the default (128 octets, window 1).
 *
 * @param maxInfoTransmit largest information field the sender transmits, 1..65535
 * @param maxInfoReceive  largest information field the sender receives, 1..65535
 * @param windowTransmit  sender's transmit window, 1..7
 * @param windowReceive   sender's receive window, 1..7
 */
public record HdlcParameters(int maxInfoTransmit, int maxInfoReceive, int windowTransmit, int windowReceive) {

    /** The defaults of IEC 62056-46. */
    public static final HdlcParameters DEFAULT = new HdlcParameters(128, 128, 1, 1);

    /** Validates the ranges. */
    public HdlcParameters {
        if (maxInfoTransmit < 1 || maxInfoTransmit > 0xFFFF || maxInfoReceive < 1 || maxInfoReceive > 0xFFFF) {
            throw new IllegalArgumentException("maximum information field length must be 1..65535");
        }
        if (windowTransmit < 1 || windowTransmit > 7 || windowReceive < 1 || windowReceive > 7) {
            throw new IllegalArgumentException("window size must be 1..7");
        }
    }

    /**
     * The information field: lengths in one octet when they fit, else two;
     * window sizes in four octets, as in the Green Book's examples.
     */
    public byte[] encode() {
        ByteWriter group = new ByteWriter(24);
        writeLength(group, 0x05, maxInfoTransmit);
        writeLength(group, 0x06, maxInfoReceive);
        group.u8(0x07).u8(4).u32(windowTransmit);
        group.u8(0x08).u8(4).u32(windowReceive);
        byte[] g = group.toByteArray();
        return new ByteWriter(g.length + 3).u8(0x81).u8(0x80).u8(g.length).bytes(g).toByteArray();
    }

    private static void writeLength(ByteWriter w, int id, int value) {
        if (value <= 0xFF) {
            w.u8(id).u8(1).u8(value);
        } else {
            w.u8(id).u8(2).u16(value);
        }
    }

    /** Parses an SNRM or UA information field; empty means all defaults. */
    public static HdlcParameters decode(byte[] information) throws DlmsCodecException {
        if (information.length == 0) {
            return DEFAULT;
        }
        ByteReader r = new ByteReader(information);
        if (r.u8() != 0x81 || r.u8() != 0x80) {
            throw r.error("HDLC parameters must start with 81 80");
        }
        ByteReader g = r.slice(r.u8());
        r.expectEnd("HDLC parameter group");
        long[] v = {128, 128, 1, 1};
        while (g.hasRemaining()) {
            int id = g.u8();
            int len = g.u8();
            if (len < 1 || len > 4) {
                throw g.error("HDLC parameter length must be 1..4, got " + len);
            }
            ByteReader p = g.slice(len);
            long value = 0;
            while (p.hasRemaining()) {
                value = (value << 8) | p.u8();
            }
            if (id >= 0x05 && id <= 0x08) {
                v[id - 0x05] = value;
            }
        }
        if (v[0] < 1 || v[0] > 0xFFFF || v[1] < 1 || v[1] > 0xFFFF || v[2] < 1 || v[2] > 7 || v[3] < 1 || v[3] > 7) {
            throw r.error("HDLC parameter out of range");
        }
        return new HdlcParameters((int) v[0], (int) v[1], (int) v[2], (int) v[3]);
    }
}
