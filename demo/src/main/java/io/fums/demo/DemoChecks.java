package io.fums.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo's verdicts, each judged from what the DCU reported (its retained
 * state, its status file, its bundle list, its read statistics), never from
 * what the demo asked for. Plain functions over those documents, so each
 * verdict is unit-tested on its own.
 */
final class DemoChecks {

    private DemoChecks() {
    }

    /** A step's verdict and the figures behind it, on one line. */
    record Check(boolean ok, String detail) {
    }

    /**
     * The DCU is online: its retained state says {@code online: true}, its
     * status file says {@code up} for this very process, and the process is alive.
     *
     * @param state  the retained {@code fums/v1/{dcuId}/state}, or null if none arrived
     * @param status the launcher's {@code run/status.properties}
     * @param pid    the DCU process's pid
     * @param alive  whether that process is alive
     */
    static Check online(JsonObject state, Properties status, long pid, boolean alive) {
        List<String> wrong = new ArrayList<>();
        if (state == null) {
            wrong.add("no retained state");
        } else if (!state.has("online") || !state.get("online").isJsonPrimitive() || !state.get("online").getAsBoolean()) {
            wrong.add("retained state says online=" + state.get("online") + (state.has("reason") ? " (" + text(state, "reason") + ")" : ""));
        }
        String st = status.getProperty("state");
        String statusPid = status.getProperty("pid");
        if (!"up".equals(st) || !Long.toString(pid).equals(statusPid)) {
            wrong.add("status file says state=" + st + " pid=" + statusPid + " (process " + pid + ")");
        }
        if (!alive) {
            wrong.add("process " + pid + " is not alive");
        }
        if (!wrong.isEmpty()) {
            return new Check(false, String.join("; ", wrong));
        }
        return new Check(true, "retained state online since " + text(state, "time") + "; status file up; process " + pid + " alive");
    }

    /**
     * The DCU loaded the inventory the demo wrote: the {@code meters} section of
     * its retained state counts {@code expected} meters, none of them insecure
     * (every meter on HLS-GMAC with security suite 0, SEC-5).
     */
    static Check inventory(JsonObject state, int expected) {
        JsonObject meters = state == null || !state.has("meters") || !state.get("meters").isJsonObject() ? null
                : state.getAsJsonObject("meters");
        if (meters == null || !meters.has("available") || !meters.get("available").getAsBoolean()) {
            return new Check(false, "the DCU's state has no meter inventory (meters section: " + (meters == null ? "none" : meters) + ")");
        }
        int count = meters.get("count").getAsInt();
        int insecure = meters.has("insecure") ? meters.get("insecure").getAsInt() : -1;
        String detail = count + " meters in the DCU's inventory (its retained state), "
                + (insecure == 0 ? "none insecure" : insecure < 0 ? "insecure not reported" : insecure + " INSECURE "
                        + meters.get("insecureMeters")) + "; the demo set up " + expected;
        return new Check(count == expected && insecure == 0, detail);
    }

    /**
     * Nothing outside {@code feature} was disturbed between two {@code software.list}
     * bundle lists: every other bundle is there with the same bundle id, last
     * modification, start count and state, and still has every service it had
     * registered before (a stopped bundle loses them all; a new service is no
     * disturbance).
     *
     * @param before  the {@code bundles} array of {@code software.list} before the swap
     * @param after   the same after it
     * @param feature the swapped feature, whose bundles may change
     */
    static Check bystanders(JsonArray before, JsonArray after, String feature) {
        Map<Long, JsonObject> afterById = new LinkedHashMap<>();
        for (JsonElement e : after) {
            afterById.put(e.getAsJsonObject().get("bundleId").getAsLong(), e.getAsJsonObject());
        }
        int bundles = 0;
        int services = 0;
        List<String> disturbed = new ArrayList<>();
        for (JsonElement e : before) {
            JsonObject b = e.getAsJsonObject();
            if (feature.equals(text(b, "feature"))) {
                continue;
            }
            bundles++;
            String name = text(b, "symbolicName");
            long id = b.get("bundleId").getAsLong();
            JsonObject a = afterById.get(id);
            if (a == null || !name.equals(text(a, "symbolicName"))) {
                disturbed.add(name + " (bundle id " + id + ") is gone");
                continue;
            }
            List<String> changes = new ArrayList<>();
            for (String field : List.of("lastModified", "starts", "state", "version")) {
                if (!String.valueOf(b.get(field)).equals(String.valueOf(a.get(field)))) {
                    changes.add(field + " " + b.get(field) + " -> " + a.get(field));
                }
            }
            Set<Long> kept = ids(a.getAsJsonArray("serviceIds"));
            List<Long> lost = new ArrayList<>();
            for (long s : ids(b.getAsJsonArray("serviceIds"))) {
                services++;
                if (!kept.contains(s)) {
                    lost.add(s);
                }
            }
            if (!lost.isEmpty()) {
                changes.add("services " + lost + " unregistered");
            }
            if (!changes.isEmpty()) {
                disturbed.add(name + ": " + String.join(", ", changes));
            }
        }
        if (bundles == 0) {
            return new Check(false, "no bundle outside feature " + feature + " in the DCU's bundle list");
        }
        if (!disturbed.isEmpty()) {
            return new Check(false, disturbed.size() + " of " + bundles + " bundles outside " + feature + " disturbed: "
                    + String.join("; ", disturbed));
        }
        return new Check(true, "all " + bundles + " bundles outside " + feature + " kept their bundle ids, last modifications,"
                + " start counts and " + services + " service ids");
    }

    /**
     * The periodic reads kept going: every meter was read in the last two
     * periods and no read was missed, except on meters whose power the demo
     * cut on purpose (their misses are reported, not held against the DCU).
     *
     * @param missed       missed reads per meter, from the DCU's read statistics
     * @param powerCut     the meters whose power the fault mix cuts
     */
    static Check readings(int meters, int stale, long done, Map<String, Long> missed, Set<String> powerCut) {
        Map<String, Long> unexpected = new TreeMap<>();
        Map<String, Long> expected = new TreeMap<>();
        missed.forEach((meter, n) -> {
            if (n > 0) {
                (powerCut.contains(meter) ? expected : unexpected).put(meter, n);
            }
        });
        long total = missed.values().stream().mapToLong(Long::longValue).sum();
        String detail = done + " reads done, " + total + " missed";
        if (!unexpected.isEmpty()) {
            detail += " (" + unexpected + ")";
        }
        if (!expected.isEmpty()) {
            detail += "; on meters with a power cut " + expected;
        }
        detail += "; " + stale + " of " + meters + " meters not read in the last two periods";
        return new Check(unexpected.isEmpty() && stale == 0 && meters > 0, detail);
    }

    private static Set<Long> ids(JsonArray a) {
        Set<Long> out = new java.util.TreeSet<>();
        if (a != null) {
            a.forEach(x -> out.add(x.getAsLong()));
        }
        return out;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
