package io.fums.emulator.console.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which DCUs a fleet command or rollout takes: every condition given must hold.
 *
 * @param labels     labels the DCU must carry with these values
 * @param deviceType the DCU must have meters of this device type (null: any)
 * @param firmware   ... that run this firmware identifier (null: any; with {@code deviceType} only)
 * @param software   a software feature condition {@code name=version} or {@code name!=version} (a DCU without the
 *                   feature has no version, so {@code !=} takes it), null for none
 */
public record FleetSelector(Map<String, String> labels, String deviceType, String firmware, String software) {

    private static final Pattern LABEL = Pattern.compile("([a-z][a-zA-Z0-9._-]{0,31})=([A-Za-z0-9._:/-]{1,64})");
    private static final Pattern SOFTWARE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})(!?=)([A-Za-z0-9._+-]{1,64})");

    public FleetSelector {
        labels = Map.copyOf(labels);
        if (firmware != null && deviceType == null) {
            throw new IllegalArgumentException("a firmware condition needs a device type (--device-type)");
        }
        if (software != null && !SOFTWARE.matcher(software).matches()) {
            throw new IllegalArgumentException("--software " + software + ": give FEATURE=VERSION or FEATURE!=VERSION");
        }
    }

    /** Every DCU. */
    public static FleetSelector all() {
        return new FleetSelector(Map.of(), null, null, null);
    }

    /**
     * From the command line.
     *
     * @param labels {@code key=value} entries
     * @throws IllegalArgumentException naming the bad entry
     */
    public static FleetSelector of(List<String> labels, String deviceType, String firmware, String software) {
        Map<String, String> l = new TreeMap<>();
        for (String entry : labels == null ? List.<String>of() : labels) {
            var m = LABEL.matcher(entry.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("--label " + entry + ": give KEY=VALUE (a key of [a-z][a-zA-Z0-9._-], "
                        + "a value of [A-Za-z0-9._:/-])");
            }
            if (l.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException("--label " + m.group(1) + " is given twice");
            }
        }
        return new FleetSelector(l, blank(deviceType), blank(firmware), blank(software));
    }

    /** True if the DCU meets every condition. */
    public boolean matches(FleetDcu d) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(d.labels().get(e.getKey()))) {
                return false;
            }
        }
        if (deviceType != null && (firmware == null ? d.meters(deviceType) : d.meters(deviceType, firmware)) == 0) {
            return false;
        }
        if (software != null) {
            var m = SOFTWARE.matcher(software);
            m.matches();
            boolean equal = m.group(3).equals(d.features().get(m.group(1)));
            return m.group(2).equals("=") == equal;
        }
        return true;
    }

    /** For people: {@code region=north, meters FUMS-EM-1 on 1.0.0, software fums-demo!=1.3.0}, or {@code every DCU}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        labels.forEach((k, v) -> parts.add(k + "=" + v));
        if (deviceType != null) {
            parts.add("meters " + deviceType + (firmware == null ? "" : " on " + firmware));
        }
        if (software != null) {
            parts.add("software " + software);
        }
        return parts.isEmpty() ? "every DCU" : String.join(", ", parts);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
