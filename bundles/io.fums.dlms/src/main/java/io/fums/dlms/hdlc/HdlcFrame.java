package io.fums.dlms.hdlc;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * One HDLC frame of IEC 62056-46, frame format type 3:
 *
 * <pre>
 * 7E | format (2) | destination (1,2,4) | source (1,2,4) | control | [HCS (2) | information] | FCS (2) | 7E
 * </pre>
 *
 * The format field is {@code 1010 S LLL LLLLLLLL}: type 3, the segmentation
 * bit S, and the 11-bit frame length counted between the flags. HCS covers
 * format to control and is present only with an information field; FCS
 * covers everything between the flags except itself. DLMS HDLC uses no byte
 * stuffing: the length field delimits the frame, so 0x7E may occur inside.
 *
 * @param destination destination address
 * @param source      source address
 * @param control     control field
 * @param segmented   the segmentation bit: more segments of this message follow
 * @param information the information field (with the LLC header where present), empty for none
 */
public record HdlcFrame(HdlcAddress destination, HdlcAddress source, HdlcControl control, boolean segmented,
        byte[] information) {

    /** Opening and closing flag. */
    public static final int FLAG = 0x7E;
    /** Largest value of the 11-bit frame length field. */
    public static final int MAX_FRAME_LENGTH = 0x7FF;

    /** Validates and copies; {@code null} information means none. */
    public HdlcFrame {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(control, "control");
        information = information == null ? new byte[0] : information.clone();
        int length = 2 + destination.size() + source.size() + 1 + (information.length > 0 ? 2 : 0)
                + information.length + 2;
        if (length > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("frame too long for the 11-bit length field: " + length);
        }
    }

    @Override
    public byte[] information() {
        return information.clone();
    }

    /** The length of the information field without copying it. */
    public int informationLength() {
        return information.length;
    }

    /** The frame with both flags. */
    public byte[] encode() {
        int header = 2 + destination.size() + source.size() + 1;
        boolean hasInfo = information.length > 0;
        int length = header + (hasInfo ? 2 + information.length : 0) + 2;
        byte[] f = new byte[length + 2];
        f[0] = (byte) FLAG;
        f[1] = (byte) (0xA0 | (segmented ? 0x08 : 0) | (length >>> 8));
        f[2] = (byte) length;
        int p = 3;
        byte[] d = destination.toBytes();
        System.arraycopy(d, 0, f, p, d.length);
        p += d.length;
        byte[] s = source.toBytes();
        System.arraycopy(s, 0, f, p, s.length);
        p += s.length;
        f[p++] = (byte) control.toByte();
        if (hasInfo) {
            putCrc(f, p, HdlcCrc.compute(f, 1, header));
            p += 2;
            System.arraycopy(information, 0, f, p, information.length);
            p += information.length;
        }
        putCrc(f, p, HdlcCrc.compute(f, 1, length - 2));
        f[length + 1] = (byte) FLAG;
        return f;
    }

    private static void putCrc(byte[] f, int at, int crc) {
        f[at] = (byte) crc;
        f[at + 1] = (byte) (crc >>> 8);
    }

    /** Decodes exactly one frame, flags included; checks format, length, addresses, control, HCS and FCS. */
    public static HdlcFrame decode(byte[] frame) throws DlmsCodecException {
        if (frame.length < 9 || (frame[0] & 0xFF) != FLAG || (frame[frame.length - 1] & 0xFF) != FLAG) {
            throw new DlmsCodecException("HDLC frame must be enclosed in 7E flags");
        }
        return parseBody(frame, 1, frame.length - 2);
    }

    /** Parses the {@code length} bytes from the format field at {@code off} (between the flags). */
    static HdlcFrame parseBody(byte[] b, int off, int length) throws DlmsCodecException {
        if (length < 7) {
            throw new DlmsCodecException("HDLC frame too short: " + length);
        }
        int format = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
        if ((format & 0xF000) != 0xA000) {
            throw new DlmsCodecException("not HDLC frame format type 3: " + Integer.toHexString(format));
        }
        if ((format & 0x7FF) != length) {
            throw new DlmsCodecException("HDLC length field " + (format & 0x7FF) + " differs from frame length "
                    + length);
        }
        int end = off + length;
        int ds = HdlcAddress.sizeAt(b, off + 2, end);
        if (ds < 0) {
            throw new DlmsCodecException("invalid HDLC destination address");
        }
        int ss = HdlcAddress.sizeAt(b, off + 2 + ds, end);
        if (ss < 0) {
            throw new DlmsCodecException("invalid HDLC source address");
        }
        int header = 2 + ds + ss + 1;
        if (length != header + 2 && length < header + 5) {
            throw new DlmsCodecException("HDLC frame length " + length + " does not fit its header");
        }
        HdlcControl control = HdlcControl.fromByte(b[off + header - 1] & 0xFF);
        if (control == null) {
            throw new DlmsCodecException("unknown HDLC control field " + Integer.toHexString(b[off + header - 1] & 0xFF));
        }
        byte[] info = new byte[0];
        if (length > header + 2) {
            if (!HdlcCrc.matches(b, off, header, off + header)) {
                throw new DlmsCodecException("HDLC header check sequence mismatch");
            }
            info = Arrays.copyOfRange(b, off + header + 2, end - 2);
        }
        if (!HdlcCrc.matches(b, off, length - 2, end - 2)) {
            throw new DlmsCodecException("HDLC frame check sequence mismatch");
        }
        return new HdlcFrame(HdlcAddress.decode(b, off + 2, ds), HdlcAddress.decode(b, off + 2 + ds, ss), control,
                (format & 0x0800) != 0, info);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdlcFrame f && f.destination.equals(destination) && f.source.equals(source)
                && f.control.equals(control) && f.segmented == segmented && Arrays.equals(f.information, information);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, source, control, segmented, Arrays.hashCode(information));
    }

    @Override
    public String toString() {
        return "HdlcFrame[" + source + " -> " + destination + ", " + control + (segmented ? ", segmented" : "")
                + (information.length > 0 ? ", info=" + Hex.format(information) : "") + "]";
    }
}
