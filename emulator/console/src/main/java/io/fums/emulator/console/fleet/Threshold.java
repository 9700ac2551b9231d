package io.fums.emulator.console.fleet;

import java.util.regex.Pattern;

/**
 * A fleet error threshold: a count ({@code 3}) or a share ({@code 20%}) of failures among those started. It is
 * reached when there is at least one failure and the failures reach the count or the share.
 *
 * @param count   the count, or -1 for a share
 * @param percent the share in percent, or -1 for a count
 */
public record Threshold(int count, int percent) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})(%?)");

    /** Parses {@code N} or {@code P%} (0% or 0: the first failure). */
    public static Threshold parse(String option, String text) {
        var m = FORM.matcher(text.strip());
        if (!m.matches() || m.group(2).equals("%") && Integer.parseInt(m.group(1)) > 100) {
            throw new IllegalArgumentException(option + " " + text + ": give a count (e.g. 2) or a percentage (0% to 100%)");
        }
        int n = Integer.parseInt(m.group(1));
        return m.group(2).isEmpty() ? new Threshold(n, -1) : new Threshold(-1, n);
    }

    /** True if {@code failed} of {@code started} reach the threshold. */
    public boolean reached(long failed, long started) {
        if (failed <= 0) {
            return false;
        }
        if (count >= 0) {
            return failed >= Math.max(1, count);
        }
        return failed * 100 >= (long) percent * Math.max(1, started);
    }

    @Override
    public String toString() {
        return count >= 0 ? Integer.toString(count) : percent + "%";
    }
}
