package io.fums.api.device;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifier of a device (a DCU or a meter), unique within a utility's
 * fleet.
 *
 * <p>An id is 1 to 64 characters of {@code [A-Za-z0-9._-]}, starting with a
 * letter or digit. The restriction keeps ids safe in MQTT topic levels, file
 * names and SQL text, so that no layer has to escape them. A meter's DLMS
 * logical device name or serial number fits in this alphabet.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeviceId implements Comparable<DeviceId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String value;

    private DeviceId(String value) {
        this.value = value;
    }

    /**
     * Parses an id.
     *
     * @param value the text form
     * @return the id
     * @throws IllegalArgumentException if {@code value} is null or not a valid id;
     *     the message names the rule that was broken
     */
    public static DeviceId of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("device id is missing");
        }
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid device id '" + printable(value)
                    + "': 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        return new DeviceId(value);
    }

    /** Returns true if {@code value} is a valid id. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /** The text form. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceId && ((DeviceId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > 80) {
            b.append("...");
        }
        return b.toString();
    }

    static String requireNonNull(String what, String value) {
        return Objects.requireNonNull(value, what + " is missing");
    }
}
