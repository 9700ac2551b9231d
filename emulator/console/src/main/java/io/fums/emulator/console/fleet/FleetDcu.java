package io.fums.emulator.console.fleet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One DCU of the fleet as its retained state describes it (docs/mqtt-api.md section 3): online or not, its software
 * set, its meters per device type and firmware, and its labels. A Will or farewell carries only the labels; the
 * last birth seen ({@link FleetStore#snapshot}) fills in the rest for an offline DCU ({@link #orLastKnown}).
 *
 * @param id         the DCU id
 * @param online     its retained state says online
 * @param reason     why it is offline (Will or farewell), else null
 * @param time       when its state was made
 * @param generation its committed software generation, null if unknown
 * @param features   software feature name to version
 * @param labels     labels (region, group, ...)
 * @param meterCount meters in its inventory
 * @param meterTypes device type to (firmware identifier to meters, identified meters only)
 * @param typeCounts device type to its meters (identified or not)
 * @param known      true if software and meters come from a birth (this one or the last one seen)
 */
public record FleetDcu(String id, boolean online, String reason, Instant time, Integer generation,
                       Map<String, String> features, Map<String, String> labels, int meterCount,
                       Map<String, Map<String, Integer>> meterTypes, Map<String, Integer> typeCounts,
                       boolean known) {

    public FleetDcu {
        features = Collections.unmodifiableMap(new TreeMap<>(features));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Map<String, Map<String, Integer>> t = new TreeMap<>();
        meterTypes.forEach((k, v) -> t.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        meterTypes = Collections.unmodifiableMap(t);
        typeCounts = Collections.unmodifiableMap(new TreeMap<>(typeCounts));
    }

    /** Parses a retained state; fields that are missing or of the wrong type are left empty. */
    public static FleetDcu parse(String id, JsonObject s) {
        boolean online = bool(s, "online");
        Instant time = null;
        try {
            time = s.has("time") ? Instant.parse(s.get("time").getAsString()) : null;
        } catch (RuntimeException e) {
            // an unreadable time stays unknown
        }
        Integer generation = null;
        Map<String, String> features = new TreeMap<>();
        JsonObject sw = object(s, "software");
        if (sw != null) {
            if (sw.has("generation") && sw.get("generation").isJsonPrimitive()) {
                generation = sw.get("generation").getAsInt();
            }
            if (sw.has("features") && sw.get("features").isJsonArray()) {
                for (JsonElement f : sw.getAsJsonArray("features")) {
                    if (f.isJsonObject() && text(f.getAsJsonObject(), "name") != null) {
                        features.put(text(f.getAsJsonObject(), "name"), text(f.getAsJsonObject(), "version"));
                    }
                }
            }
        }
        Map<String, String> labels = new TreeMap<>();
        JsonObject l = object(s, "labels");
        if (l != null) {
            l.entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString()
                    : e.getValue().toString()));
        }
        int count = 0;
        Map<String, Map<String, Integer>> types = new TreeMap<>();
        Map<String, Integer> typeCounts = new TreeMap<>();
        JsonObject m = object(s, "meters");
        if (m != null) {
            count = m.has("count") && m.get("count").isJsonPrimitive() ? m.get("count").getAsInt() : 0;
            JsonObject t = object(m, "types");
            if (t != null) {
                for (Map.Entry<String, JsonElement> e : t.entrySet()) {
                    Map<String, Integer> fw = new TreeMap<>();
                    JsonObject f = e.getValue().isJsonObject() ? object(e.getValue().getAsJsonObject(), "firmware") : null;
                    if (f != null) {
                        f.entrySet().forEach(x -> fw.put(x.getKey(), x.getValue().getAsInt()));
                    }
                    types.put(e.getKey(), fw);
                    JsonObject type = e.getValue().isJsonObject() ? e.getValue().getAsJsonObject() : new JsonObject();
                    typeCounts.put(e.getKey(), type.has("count") ? type.get("count").getAsInt()
                            : fw.values().stream().mapToInt(Integer::intValue).sum());
                }
            }
        }
        return new FleetDcu(id, online, online ? null : text(s, "reason"), time, generation, features, labels, count,
                types, typeCounts, sw != null);
    }

    /**
     * This state, or for an offline DCU whose state carries no software and meters: the last birth seen, with
     * this state's online flag, reason, time and labels.
     */
    public FleetDcu orLastKnown(FleetDcu lastBirth) {
        if (known || lastBirth == null) {
            return this;
        }
        return new FleetDcu(id, online, reason, time, lastBirth.generation, lastBirth.features,
                labels.isEmpty() ? lastBirth.labels : labels, lastBirth.meterCount, lastBirth.meterTypes, lastBirth.typeCounts, true);
    }

    /** Meters of a device type, whether their firmware is identified yet or not. */
    public int meters(String deviceType) {
        return typeCounts.getOrDefault(deviceType, 0);
    }

    /** Meters of a device type that run a firmware identifier. */
    public int meters(String deviceType, String firmware) {
        Map<String, Integer> fw = meterTypes.get(deviceType);
        return fw == null ? 0 : fw.getOrDefault(firmware, 0);
    }

    static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    private static JsonObject object(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }
}
