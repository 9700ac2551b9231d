package io.fums.dlms.axdr;

import io.fums.dlms.DlmsCodecException;

/**
 * A COSEM time (Blue Book 4.1.6.1): 4 octets = hour, minute, second,
 * hundredths, each 0xFF when not specified. Carried as an octet-string of 4.
 */
public record CosemTime(int hour, int minute, int second, int hundredths) {

    /** Encoded size in octets. */
    public static final int LENGTH = 4;

    /** Validates the fields; wildcards allowed. */
    public CosemTime {
        String p = problem(hour, minute, second, hundredths);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    /** The 4 octets. */
    public byte[] toBytes() {
        return new byte[] {(byte) hour, (byte) minute, (byte) second, (byte) hundredths};
    }

    /** Parses 4 octets, checking every field. */
    public static CosemTime fromBytes(byte[] b) throws DlmsCodecException {
        if (b.length != LENGTH) {
            throw new DlmsCodecException("time needs 4 octets, got " + b.length);
        }
        String p = problem(b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF);
        if (p != null) {
            throw new DlmsCodecException(p);
        }
        return new CosemTime(b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF);
    }

    /** As an octet-string of 4. */
    public DataValue toDataValue() {
        return new DataValue.OctetString(toBytes());
    }

    /** From an octet-string of 4 or a time [27] value. */
    public static CosemTime fromDataValue(DataValue v) throws DlmsCodecException {
        if (v instanceof DataValue.Time t) {
            return fromBytes(t.value());
        }
        return fromBytes(DataValues.toOctets(v, "time"));
    }

    static String problem(int hour, int minute, int second, int hundredths) {
        if (!(hour >= 0 && hour <= 23 || hour == 0xFF)) {
            return "hour out of range: " + hour;
        }
        if (!(minute >= 0 && minute <= 59 || minute == 0xFF)) {
            return "minute out of range: " + minute;
        }
        if (!(second >= 0 && second <= 59 || second == 0xFF)) {
            return "second out of range: " + second;
        }
        if (!(hundredths >= 0 && hundredths <= 99 || hundredths == 0xFF)) {
            return "hundredths out of range: " + hundredths;
        }
        return null;
    }
}
