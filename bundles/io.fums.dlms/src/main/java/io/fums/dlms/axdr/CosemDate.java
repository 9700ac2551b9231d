package io.fums.dlms.axdr;

import io.fums.dlms.DlmsCodecException;

/**
 * A COSEM date (Blue Book 4.1.6.1): 5 octets = year (0xFFFF not specified),
 * month, day of month, day of week, with the wildcards of
 * {@link CosemDateTime}. Used for example in the execution_time of a single
 * action schedule, carried as an octet-string of 5.
 */
public record CosemDate(int year, int month, int dayOfMonth, int dayOfWeek) {

    /** Encoded size in octets. */
    public static final int LENGTH = 5;

    /** Validates the fields; wildcards allowed. */
    public CosemDate {
        String p = year < 0 || year > 0xFFFF ? "year out of range: " + year : problem(month, dayOfMonth, dayOfWeek);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    /** The 5 octets. */
    public byte[] toBytes() {
        return new byte[] {(byte) (year >> 8), (byte) year, (byte) month, (byte) dayOfMonth, (byte) dayOfWeek};
    }

    /** Parses 5 octets, checking every field. */
    public static CosemDate fromBytes(byte[] b) throws DlmsCodecException {
        if (b.length != LENGTH) {
            throw new DlmsCodecException("date needs 5 octets, got " + b.length);
        }
        String p = problem(b[2] & 0xFF, b[3] & 0xFF, b[4] & 0xFF);
        if (p != null) {
            throw new DlmsCodecException(p);
        }
        return new CosemDate(((b[0] & 0xFF) << 8) | (b[1] & 0xFF), b[2] & 0xFF, b[3] & 0xFF, b[4] & 0xFF);
    }

    /** As an octet-string of 5. */
    public DataValue toDataValue() {
        return new DataValue.OctetString(toBytes());
    }

    /** From an octet-string of 5 or a date [26] value. */
    public static CosemDate fromDataValue(DataValue v) throws DlmsCodecException {
        if (v instanceof DataValue.Date d) {
            return fromBytes(d.value());
        }
        return fromBytes(DataValues.toOctets(v, "date"));
    }

    static String problem(int month, int day, int dow) {
        if (!(month >= 1 && month <= 12 || month >= 0xFD && month <= 0xFF)) {
            return "month out of range: " + month;
        }
        if (!(day >= 1 && day <= 31 || day >= 0xFD && day <= 0xFF)) {
            return "day of month out of range: " + day;
        }
        if (!(dow >= 1 && dow <= 7 || dow == 0xFF)) {
            return "day of week out of range: " + dow;
        }
        return null;
    }
}
