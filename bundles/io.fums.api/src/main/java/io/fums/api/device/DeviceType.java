package io.fums.api.device;

import java.util.regex.Pattern;

/**
 * A device type: the vendor's model designation that decides which firmware
 * a device can run (for example {@code ACME-E350-3P}). Firmware packages list
 * the device types they are compatible with (UC-1).
 *
 * <p>1 to 64 characters of {@code [A-Za-z0-9._-]}; compared case-sensitively.
 * Immutable and thread-safe.
 */
public final class DeviceType implements Comparable<DeviceType> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String value;

    private DeviceType(String value) {
        this.value = value;
    }

    /**
     * Parses a device type.
     *
     * @throws IllegalArgumentException if {@code value} is null or not valid
     */
    public static DeviceType of(String value) {
        DeviceId.requireNonNull("device type", value);
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid device type '" + DeviceId.printable(value)
                    + "': 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        return new DeviceType(value);
    }

    /** The text form. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(DeviceType other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceType && ((DeviceType) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
