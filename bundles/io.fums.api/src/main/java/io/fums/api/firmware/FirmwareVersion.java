package io.fums.api.firmware;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware or software version: one to four dot-separated decimal numbers,
 * optionally followed by {@code -} and a pre-release qualifier, for example
 * {@code 2.4}, {@code 2.4.1}, {@code 2.4.1-rc2}.
 *
 * <p>Ordering (used for anti-rollback and prerequisite checks): numbers are
 * compared component by component, a missing component counting as 0
 * ({@code 2.4 == 2.4.0}); with equal numbers a version with a qualifier comes
 * before the same version without one ({@code 2.4.1-rc2 < 2.4.1}), and two
 * qualifiers compare as text. {@link #equals} is consistent with this order.
 *
 * <p>Immutable and thread-safe.
 */
public final class FirmwareVersion implements Comparable<FirmwareVersion> {

    private static final Pattern FORM =
            Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9}){0,3})(?:-([A-Za-z0-9][A-Za-z0-9.]{0,31}))?");
    private static final int COMPONENTS = 4;

    private final int[] numbers;
    private final String qualifier;
    private final String text;

    private FirmwareVersion(int[] numbers, String qualifier, String text) {
        this.numbers = numbers;
        this.qualifier = qualifier;
        this.text = text;
    }

    /**
     * Parses a version.
     *
     * @throws IllegalArgumentException if {@code text} is null or not of the form above
     */
    public static FirmwareVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("version is missing");
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid version '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + "': expected 1 to 4 dot-separated numbers with an optional -qualifier, e.g. 2.4.1 or 2.4.1-rc2");
        }
        String[] parts = m.group(1).split("\\.");
        int[] numbers = new int[COMPONENTS];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return new FirmwareVersion(numbers, m.group(2), text);
    }

    /** The numeric component at {@code index} (0 = major); 0 where the text has fewer components. */
    public int component(int index) {
        return numbers[index];
    }

    /** The pre-release qualifier, or null. */
    public String qualifier() {
        return qualifier;
    }

    /** True if this version is strictly newer than {@code other}. */
    public boolean isNewerThan(FirmwareVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(FirmwareVersion other) {
        int c = Arrays.compare(numbers, other.numbers);
        if (c != 0) {
            return c;
        }
        if (qualifier == null) {
            return other.qualifier == null ? 0 : 1;
        }
        return other.qualifier == null ? -1 : qualifier.compareTo(other.qualifier);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwareVersion && compareTo((FirmwareVersion) o) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(numbers) * 31 + (qualifier == null ? 0 : qualifier.hashCode());
    }

    /** The text as it was parsed. */
    @Override
    public String toString() {
        return text;
    }
}
