package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OBIS code (IEC 62056-6-1), the logical name of a COSEM object: six value
 * groups A to F, each 0..255, transferred as 6 octets.
 */
public record ObisCode(int a, int b, int c, int d, int e, int f) {

    private static final Pattern TEXT = Pattern.compile(
            "(\\d{1,3})[-.](\\d{1,3})[:.](\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:[.*](\\d{1,3}))?");

    /** Validates that each group is 0..255. */
    public ObisCode {
        for (int v : new int[] {a, b, c, d, e, f}) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("OBIS value group out of range: " + v);
            }
        }
    }

    /**
     * Parses {@code "A-B:C.D.E.F"} (also {@code A.B.C.D.E.F} and
     * {@code A-B:C.D.E*F}); F defaults to 255 when omitted.
     *
     * @throws IllegalArgumentException if the text is not an OBIS code
     */
    public static ObisCode parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an OBIS code: " + text);
        }
        return new ObisCode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                m.group(6) == null ? 255 : Integer.parseInt(m.group(6)));
    }

    /** From the 6 octets of a logical name. */
    public static ObisCode fromBytes(byte[] bytes) throws DlmsCodecException {
        if (bytes.length != 6) {
            throw new DlmsCodecException("logical name needs 6 octets, got " + bytes.length);
        }
        return new ObisCode(bytes[0] & 0xFF, bytes[1] & 0xFF, bytes[2] & 0xFF, bytes[3] & 0xFF,
                bytes[4] & 0xFF, bytes[5] & 0xFF);
    }

    /** From a logical_name attribute value (octet-string of 6). */
    public static ObisCode fromDataValue(DataValue v) throws DlmsCodecException {
        return fromBytes(DataValues.toOctets(v, "logical name"));
    }

    /** The 6 octets. */
    public byte[] toBytes() {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f};
    }

    /** As the octet-string of 6 that a logical_name attribute holds. */
    public DataValue toDataValue() {
        return new DataValue.OctetString(toBytes());
    }

    /** {@code "A-B:C.D.E.F"}. */
    @Override
    public String toString() {
        return a + "-" + b + ":" + c + "." + d + "." + e + "." + f;
    }
}
