package io.fums.emulator.console.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event a DCU published on {@code fums/v1/<dcu>/evt/<kind>} (docs/mqtt-api.md section 6).
 *
 * @param id    its unique id (the same when the DCU sends it again)
 * @param kind  the last topic level
 * @param dcuId the DCU, from the topic (the DCU's signature covers the topic)
 * @param time  when the fact happened, as the DCU wrote it
 * @param data  the kind's data
 */
record DcuEvent(String id, String kind, String dcuId, String time, JsonObject data) {

    /** The largest event payload taken; a larger one is dropped (bounded memory per message). */
    static final int MAX_PAYLOAD = 64 * 1024;

    /** Parses an event; null if the payload is not one (or is too large). */
    static DcuEvent parse(String topic, byte[] payload) {
        String[] levels = topic.split("/");
        if (levels.length != 5 || payload.length > MAX_PAYLOAD) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
            String id = text(o, "id");
            if (id == null) {
                return null;
            }
            JsonObject data = o.has("data") && o.get("data").isJsonObject() ? o.getAsJsonObject("data") : new JsonObject();
            return new DcuEvent(id, levels[4], levels[2], text(o, "time"), data);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A text member of the data, or null. */
    String text(String field) {
        return text(data, field);
    }

    /** A member's text (a number or boolean as text), or null if absent, null or not a primitive. */
    static String text(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    /** A member as an int, or {@code otherwise}. */
    static int integer(JsonObject o, String field, int otherwise) {
        try {
            JsonElement e = o == null ? null : o.get(field);
            return e == null || !e.isJsonPrimitive() ? otherwise : e.getAsInt();
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A counts object ({@code {"PENDING": 3, ...}}) as a map in its order; empty if absent or malformed. */
    static Map<String, Integer> counts(JsonObject o, String field) {
        Map<String, Integer> out = new LinkedHashMap<>();
        JsonElement e = o == null ? null : o.get(field);
        if (e != null && e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> c : e.getAsJsonObject().entrySet()) {
                try {
                    out.put(c.getKey(), c.getValue().getAsInt());
                } catch (RuntimeException ex) {
                    // not a count: left out
                }
            }
        }
        return out;
    }

    /** Ids seen lately, to drop an event the DCU sent again (the oldest are forgotten past {@code capacity}). */
    static final class RecentIds {
        private final Map<String, Boolean> ids;

        RecentIds(int capacity) {
            this.ids = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > capacity;
                }
            };
        }

        /** True the first time an id is seen. */
        synchronized boolean first(String id) {
            return ids.put(id, Boolean.TRUE) == null;
        }
    }
}
