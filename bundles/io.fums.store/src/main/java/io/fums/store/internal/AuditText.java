package io.fums.store.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns an event's text into what is stored and hashed: well-formed UTF-8,
 * no NUL, bounded lengths; the detail map into a JSON object with Gson.
 * Immutable and thread-safe.
 */
final class AuditText {

    static final int MAX_NAME = 256;
    static final int MAX_SUBJECT = 1024;
    static final int MAX_DETAIL = 16 * 1024;
    private static final int MAX_DEPTH = 16;

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** Normalised, shortened to {@code max} characters (ending in "...") if longer; null stays null. */
    String text(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.length() > max ? s.substring(0, max - 3) + "..." : s;
        t = t.replace('\u0000', '\uFFFD');
        // Lone surrogates become '?': the stored text then re-encodes to the bytes that were hashed.
        return new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** The detail as JSON object text, null for an empty map, a marker object if too long. */
    String detail(Map<String, Object> detail) {
        if (detail.isEmpty()) {
            return null;
        }
        String json = text(gson.toJson(tree(detail, 0)), Integer.MAX_VALUE);
        if (json.length() <= MAX_DETAIL) {
            return json;
        }
        JsonObject marker = new JsonObject();
        marker.addProperty("truncated", true);
        marker.addProperty("originalLength", json.length());
        JsonArray keys = new JsonArray();
        detail.keySet().stream().limit(32).map(k -> text(k, MAX_NAME)).forEach(keys::add);
        marker.add("keys", keys);
        return gson.toJson(marker);
    }

    private JsonElement tree(Object v, int depth) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (depth > MAX_DEPTH) {
            return new JsonPrimitive("...");
        }
        if (v instanceof String) {
            return new JsonPrimitive((String) v);
        }
        if (v instanceof Boolean) {
            return new JsonPrimitive((Boolean) v);
        }
        if (v instanceof Number) {
            return number((Number) v);
        }
        if (v instanceof Character) {
            return new JsonPrimitive(v.toString());
        }
        if (v instanceof Enum) {
            return new JsonPrimitive(((Enum<?>) v).name());
        }
        if (v instanceof byte[]) {
            return new JsonPrimitive(Hex.encode((byte[]) v));
        }
        if (v instanceof Map) {
            JsonObject o = new JsonObject();
            ((Map<?, ?>) v).forEach((k, x) -> o.add(String.valueOf(k), tree(x, depth + 1)));
            return o;
        }
        if (v instanceof Iterable) {
            JsonArray a = new JsonArray();
            ((Iterable<?>) v).forEach(x -> a.add(tree(x, depth + 1)));
            return a;
        }
        if (v.getClass().isArray()) {
            JsonArray a = new JsonArray();
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                a.add(tree(Array.get(v, i), depth + 1));
            }
            return a;
        }
        return new JsonPrimitive(v.toString());
    }

    private static JsonElement number(Number n) {
        if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
            return new JsonPrimitive(n.toString());
        }
        return new JsonPrimitive(n);
    }
}
