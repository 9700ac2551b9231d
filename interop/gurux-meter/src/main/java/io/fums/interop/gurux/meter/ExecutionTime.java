package io.fums.interop.gurux.meter;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;

/**
 * Class 22 execution_time (Blue Book): an array of {time: octet-string(4)
 * hour minute second hundredths, date: octet-string(5) year-high year-low
 * month day day-of-week}, local time of the meter (UTC here). This meter
 * takes one entry; an empty array or one with wildcards (0xFF) in the date
 * or time clears the schedule.
 */
final class ExecutionTime {

    private ExecutionTime() {
    }

    /** The instant of Gurux's parsed attribute value, or null to clear; IllegalArgumentException if malformed. */
    static Instant parse(Object value) {
        if (!(value instanceof List<?> entries) || entries.size() > 1) {
            throw new IllegalArgumentException("execution_time: an array of at most one entry here");
        }
        if (entries.isEmpty()) {
            return null;
        }
        if (!(entries.get(0) instanceof List<?> entry) || entry.size() != 2 || !(entry.get(0) instanceof byte[] time)
                || !(entry.get(1) instanceof byte[] date) || time.length != 4 || date.length != 5) {
            throw new IllegalArgumentException("execution_time entry: structure {octet-string(4), octet-string(5)}");
        }
        int year = ((date[0] & 0xFF) << 8) | (date[1] & 0xFF);
        int month = date[2] & 0xFF;
        int day = date[3] & 0xFF;
        int hour = time[0] & 0xFF;
        int minute = time[1] & 0xFF;
        int second = time[2] & 0xFF;
        if (year == 0xFFFF || month == 0xFF || day == 0xFF || hour == 0xFF || minute == 0xFF) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second == 0xFF ? 0 : second)
                    .toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("execution_time: " + e.getMessage(), e);
        }
    }
}
