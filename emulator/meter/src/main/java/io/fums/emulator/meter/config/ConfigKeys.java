package io.fums.emulator.meter.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.meter.fault.FaultPlan;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses unknown field names in the population file (Gson would ignore
 * them silently: a typo such as "powerCutAT" must not pass as "no fault").
 * Stateless.
 */
final class ConfigKeys {

    private ConfigKeys() {
    }

    /** Checks {@code o} against the fields of {@code type}, and its nested objects against theirs. */
    static void check(JsonObject o, Class<?> type, String where) {
        if (o == null) {
            return;
        }
        Set<String> known = names(type);
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            String key = e.getKey();
            if (key.equals("_index")) {
                continue;
            }
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown field \"" + key + "\" (known: " + known + ")");
            }
            if (e.getValue().isJsonObject()) {
                Class<?> nested = nested(type, key);
                if (nested != null) {
                    check(e.getValue().getAsJsonObject(), nested, where + "." + key);
                }
            }
        }
    }

    private static Class<?> nested(Class<?> type, String key) {
        if (type == MeterConfig.class) {
            return switch (key) {
                case "security" -> MeterConfig.SecurityConfig.class;
                case "link" -> MeterConfig.LinkConfig.class;
                case "faults" -> FaultPlan.class;
                default -> null;
            };
        }
        return type == PopulationConfig.MediumConfig.class && key.equals("link") ? MeterConfig.LinkConfig.class
                : null;
    }

    private static Set<String> names(Class<?> type) {
        Set<String> names = new TreeSet<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                names.add(c.getName());
            }
            return names;
        }
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                names.add(f.getName());
            }
        }
        return names;
    }
}
