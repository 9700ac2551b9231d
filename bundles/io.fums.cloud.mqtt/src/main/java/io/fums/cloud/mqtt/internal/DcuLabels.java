package io.fums.cloud.mqtt.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The DCU's labels (e.g. {@code region=north, group=feeder-7}): free {@code key=value} pairs from the cloud link's
 * configuration ({@code labels}), published in every retained state (birth, Will, farewell) so that a head-end can
 * select DCUs by them (fleet rollouts, docs/console-fleet.md). Bounded: at most {@value #MAX_LABELS} labels, keys
 * {@code [a-z][a-zA-Z0-9._-]{0,31}}, values 1 to 64 characters of {@code [A-Za-z0-9._:/-]}; anything else is refused
 * with {@code CONFIG_INVALID} naming the entry, and the link does not start with it.
 */
public final class DcuLabels {

    /** Labels at most. */
    public static final int MAX_LABELS = 16;
    /** A label key. */
    public static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9._-]{0,31}");
    /** A label value. */
    public static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

    private DcuLabels() {
    }

    /**
     * Parses {@code key=value} entries separated by commas (blank: no label).
     *
     * @return the labels, sorted by key, unmodifiable
     * @throws FumsException {@code CONFIG_INVALID} naming the bad entry
     */
    public static Map<String, String> parse(String text) throws FumsException {
        Map<String, String> labels = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return Collections.unmodifiableMap(labels);
        }
        for (String raw : text.split(",", -1)) {
            String entry = raw.strip();
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw invalid("label '" + shorten(entry) + "' is not key=value");
            }
            String key = entry.substring(0, eq).strip();
            String value = entry.substring(eq + 1).strip();
            if (!KEY.matcher(key).matches()) {
                throw invalid("label key '" + shorten(key) + "' must be " + KEY.pattern());
            }
            if (!VALUE.matcher(value).matches()) {
                throw invalid("label " + key + ": value '" + shorten(value) + "' must be " + VALUE.pattern());
            }
            if (labels.put(key, value) != null) {
                throw invalid("label " + key + " is given twice");
            }
            if (labels.size() > MAX_LABELS) {
                throw invalid("more than " + MAX_LABELS + " labels");
            }
        }
        return Collections.unmodifiableMap(labels);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static FumsException invalid(String message) {
        return new FumsException(ErrorCode.CONFIG_INVALID, "cloud link configuration " + CloudSettings.PID
                + ": labels: " + message);
    }
}
