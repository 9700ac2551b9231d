package io.fums.dlms.axdr;

import io.fums.dlms.DlmsCodecException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A COSEM date-time (Blue Book 4.1.6.1): 12 octets = year (2, 0xFFFF not
 * specified), month (0xFD end / 0xFE begin of daylight saving, 0xFF not
 * specified), day of month (0xFD second last, 0xFE last day, 0xFF not
 * specified), day of week (1 = Monday .. 7, 0xFF), hour, minute, second,
 * hundredths (0xFF not specified each), deviation (signed 16 bit, minutes,
 * 0x8000 not specified) and clock status (0xFF not specified).
 *
 * <p>Deviation follows the Blue Book: it is the deviation of local time
 * <em>to</em> UTC, {@code UTC = local + deviation}; a meter in UTC+01:00
 * sends -60. Objects usually carry a date-time as an octet-string of 12
 * ({@link #toDataValue()}); the date-time tag [25] is also accepted.
 */
public record CosemDateTime(int year, int month, int dayOfMonth, int dayOfWeek, int hour, int minute,
        int second, int hundredths, int deviation, int clockStatus) {

    /** Encoded size in octets. */
    public static final int LENGTH = 12;
    /** Year wildcard. */
    public static final int YEAR_NOT_SPECIFIED = 0xFFFF;
    /** Wildcard of every one-octet field. */
    public static final int NOT_SPECIFIED = 0xFF;
    /** Month: daylight saving ends. Day of month: second last day. */
    public static final int DAYLIGHT_SAVINGS_END = 0xFD;
    /** Month: daylight saving begins. Day of month: last day of month. */
    public static final int DAYLIGHT_SAVINGS_BEGIN = 0xFE;
    /** Deviation wildcard (0x8000 as a signed 16-bit value). */
    public static final int DEVIATION_NOT_SPECIFIED = -0x8000;
    /** Clock status bit: invalid value. */
    public static final int STATUS_INVALID_VALUE = 0x01;
    /** Clock status bit: doubtful value. */
    public static final int STATUS_DOUBTFUL_VALUE = 0x02;
    /** Clock status bit: different clock base. */
    public static final int STATUS_DIFFERENT_CLOCK_BASE = 0x04;
    /** Clock status bit: invalid clock status. */
    public static final int STATUS_INVALID_CLOCK_STATUS = 0x08;
    /** Clock status bit: daylight saving active. */
    public static final int STATUS_DAYLIGHT_SAVING_ACTIVE = 0x80;

    /** Validates every field; wildcards are allowed where the Blue Book allows them. */
    public CosemDateTime {
        String problem = problem(year, month, dayOfMonth, dayOfWeek, hour, minute, second, hundredths,
                deviation, clockStatus);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The date-time of {@code t}, all fields specified, with the given clock status. */
    public static CosemDateTime of(OffsetDateTime t, int clockStatus) {
        int offsetMinutes = t.getOffset().getTotalSeconds() / 60;
        return new CosemDateTime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getDayOfWeek().getValue(),
                t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 10_000_000, -offsetMinutes, clockStatus);
    }

    /**
     * The instant this date-time denotes. Every field except day of week,
     * hundredths and clock status must be specified.
     *
     * @throws DlmsCodecException if a needed field is a wildcard or the date does not exist
     */
    public OffsetDateTime toOffsetDateTime() throws DlmsCodecException {
        if (year == YEAR_NOT_SPECIFIED || month > 12 || dayOfMonth > 31 || hour == NOT_SPECIFIED
                || minute == NOT_SPECIFIED || second == NOT_SPECIFIED || deviation == DEVIATION_NOT_SPECIFIED) {
            throw new DlmsCodecException("date-time has unspecified fields: " + this);
        }
        int nanos = hundredths == NOT_SPECIFIED ? 0 : hundredths * 10_000_000;
        try {
            return OffsetDateTime.of(year, month, dayOfMonth, hour, minute, second, nanos,
                    ZoneOffset.ofTotalSeconds(-deviation * 60));
        } catch (DateTimeException e) {
            throw new DlmsCodecException("date-time does not exist: " + this);
        }
    }

    /** The 12 octets. */
    public byte[] toBytes() {
        return new byte[] {(byte) (year >> 8), (byte) year, (byte) month, (byte) dayOfMonth, (byte) dayOfWeek,
            (byte) hour, (byte) minute, (byte) second, (byte) hundredths, (byte) (deviation >> 8),
            (byte) deviation, (byte) clockStatus};
    }

    /** Parses 12 octets, checking every field. */
    public static CosemDateTime fromBytes(byte[] b) throws DlmsCodecException {
        if (b.length != LENGTH) {
            throw new DlmsCodecException("date-time needs 12 octets, got " + b.length);
        }
        int year = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int deviation = (short) (((b[9] & 0xFF) << 8) | (b[10] & 0xFF));
        String problem = problem(year, b[2] & 0xFF, b[3] & 0xFF, b[4] & 0xFF, b[5] & 0xFF, b[6] & 0xFF,
                b[7] & 0xFF, b[8] & 0xFF, deviation, b[11] & 0xFF);
        if (problem != null) {
            throw new DlmsCodecException(problem);
        }
        return new CosemDateTime(year, b[2] & 0xFF, b[3] & 0xFF, b[4] & 0xFF, b[5] & 0xFF, b[6] & 0xFF,
                b[7] & 0xFF, b[8] & 0xFF, deviation, b[11] & 0xFF);
    }

    /** As an octet-string of 12, the usual form of clock attributes. */
    public DataValue toDataValue() {
        return new DataValue.OctetString(toBytes());
    }

    /** From an octet-string of 12 or a date-time [25] value. */
    public static CosemDateTime fromDataValue(DataValue v) throws DlmsCodecException {
        if (v instanceof DataValue.DateTime dt) {
            return fromBytes(dt.value());
        }
        return fromBytes(DataValues.toOctets(v, "date-time"));
    }

    static String problem(int year, int month, int day, int dow, int hour, int minute, int second,
            int hundredths, int deviation, int status) {
        if (year < 0 || year > 0xFFFF) {
            return "year out of range: " + year;
        }
        String dateProblem = CosemDate.problem(month, day, dow);
        if (dateProblem != null) {
            return dateProblem;
        }
        String timeProblem = CosemTime.problem(hour, minute, second, hundredths);
        if (timeProblem != null) {
            return timeProblem;
        }
        if (deviation != DEVIATION_NOT_SPECIFIED && (deviation < -720 || deviation > 720)) {
            return "deviation out of range: " + deviation;
        }
        if (status < 0 || status > 0xFF) {
            return "clock status out of range: " + status;
        }
        return null;
    }
}
