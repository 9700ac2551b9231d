package io.fums.deploy.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code feature.json}, the payload of a dcu-software package that says what
 * the feature is:
 * <pre>{@code
 * {
 *   "name": "fums-demo", "version": "1.1.0",
 *   "bundles": [ {"file": "bundles/io.fums.demo.jar", "startLevel": 20, "start": true} ],
 *   "configuration": { "io.fums.demo": {"greeting": "hi"}, "my.factory~one": {"x": 1} },
 *   "health": { "timeoutSeconds": 30, "tags": ["fums-demo"] }
 * }
 * }</pre>
 * Name and version must equal the signed manifest's. {@code configuration}
 * holds default configuration, applied only where none exists;
 * {@code health.tags} selects the Felix health checks that must pass before
 * the swap commits. Unknown fields are refused.
 */
final class FeatureDescriptor {

    static final String FILE = "feature.json";
    static final int MAX_BUNDLES = 64;

    record BundleRef(String file, int startLevel, boolean start) {
    }

    final String name;
    final String version;
    final List<BundleRef> bundles;
    final Map<String, Map<String, Object>> configuration;
    final int healthTimeoutSeconds;
    final List<String> healthTags;

    private FeatureDescriptor(String name, String version, List<BundleRef> bundles,
                              Map<String, Map<String, Object>> configuration, int healthTimeoutSeconds, List<String> healthTags) {
        this.name = name;
        this.version = version;
        this.bundles = List.copyOf(bundles);
        this.configuration = configuration;
        this.healthTimeoutSeconds = healthTimeoutSeconds;
        this.healthTags = List.copyOf(healthTags);
    }

    static FeatureDescriptor parse(String json, int defaultHealthTimeoutSeconds) throws FumsException {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw invalid("feature.json must be a JSON object");
            }
            JsonObject o = root.getAsJsonObject();
            only(o, "feature.json", Set.of("name", "version", "bundles", "configuration", "health"));
            String name = string(o, "name");
            String version = string(o, "version");
            List<BundleRef> bundles = bundles(o.get("bundles"));
            Map<String, Map<String, Object>> config = configuration(o.get("configuration"));
            int timeout = defaultHealthTimeoutSeconds;
            List<String> tags = new ArrayList<>();
            if (o.has("health")) {
                JsonObject h = object(o.get("health"), "health");
                only(h, "health", Set.of("timeoutSeconds", "tags"));
                if (h.has("timeoutSeconds")) {
                    timeout = integer(h.get("timeoutSeconds"), "health.timeoutSeconds", 1, 600);
                }
                if (h.has("tags")) {
                    for (JsonElement t : array(h.get("tags"), "health.tags")) {
                        tags.add(primitiveString(t, "health.tags[]"));
                    }
                }
            }
            return new FeatureDescriptor(name, version, bundles, config, timeout, tags);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw invalid("feature.json does not parse: " + e.getMessage());
        }
    }

    private static List<BundleRef> bundles(JsonElement e) throws FumsException {
        if (e == null) {
            throw invalid("feature.json: 'bundles' is missing");
        }
        JsonArray a = array(e, "bundles");
        if (a.isEmpty() || a.size() > MAX_BUNDLES) {
            throw invalid("feature.json: 'bundles' must list 1 to " + MAX_BUNDLES + " bundles");
        }
        List<BundleRef> refs = new ArrayList<>();
        for (JsonElement b : a) {
            JsonObject bo = object(b, "bundles[]");
            only(bo, "bundles[]", Set.of("file", "startLevel", "start"));
            int level = bo.has("startLevel") ? integer(bo.get("startLevel"), "bundles[].startLevel", 1, 99) : 20;
            boolean start = !bo.has("start") || bool(bo.get("start"), "bundles[].start");
            refs.add(new BundleRef(string(bo, "file"), level, start));
        }
        return refs;
    }

    private static Map<String, Map<String, Object>> configuration(JsonElement e) throws FumsException {
        Map<String, Map<String, Object>> config = new LinkedHashMap<>();
        if (e == null) {
            return config;
        }
        JsonObject o = object(e, "configuration");
        for (Map.Entry<String, JsonElement> c : o.entrySet()) {
            if (!c.getKey().matches("[A-Za-z0-9_.$-]+(~[A-Za-z0-9_.-]+)?")) {
                throw invalid("feature.json: configuration key '" + c.getKey() + "' is not <pid> or <factoryPid>~<name>");
            }
            Map<String, Object> props = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> p : object(c.getValue(), "configuration." + c.getKey()).entrySet()) {
                props.put(p.getKey(), value(p.getValue(), "configuration." + c.getKey() + "." + p.getKey()));
            }
            config.put(c.getKey(), props);
        }
        return config;
    }

    private static Object value(JsonElement v, String field) throws FumsException {
        if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isString()) {
                return p.getAsString();
            }
            java.math.BigDecimal n = p.getAsBigDecimal();
            return n.stripTrailingZeros().scale() <= 0 ? (Object) n.longValueExact() : (Object) n.doubleValue();
        }
        if (v.isJsonArray()) {
            List<String> items = new ArrayList<>();
            for (JsonElement i : v.getAsJsonArray()) {
                items.add(primitiveString(i, field + "[]"));
            }
            return items.toArray(new String[0]);
        }
        throw invalid("feature.json: " + field + " must be a string, number, boolean or array of strings");
    }

    private static void only(JsonObject o, String where, Set<String> allowed) throws FumsException {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw invalid("feature.json: unknown field '" + k + "' in " + where);
            }
        }
    }

    private static String string(JsonObject o, String field) throws FumsException {
        JsonElement e = o.get(field);
        if (e == null) {
            throw invalid("feature.json: '" + field + "' is missing");
        }
        return primitiveString(e, field);
    }

    private static String primitiveString(JsonElement e, String field) throws FumsException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw invalid("feature.json: '" + field + "' must be a non-empty string");
        }
        return e.getAsString();
    }

    private static int integer(JsonElement e, String field, int min, int max) throws FumsException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw invalid("feature.json: '" + field + "' must be a number");
        }
        int v = e.getAsBigDecimal().intValue();
        if (v < min || v > max || e.getAsBigDecimal().stripTrailingZeros().scale() > 0) {
            throw invalid("feature.json: '" + field + "' must be a whole number from " + min + " to " + max);
        }
        return v;
    }

    private static boolean bool(JsonElement e, String field) throws FumsException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw invalid("feature.json: '" + field + "' must be true or false");
        }
        return e.getAsBoolean();
    }

    private static JsonObject object(JsonElement e, String field) throws FumsException {
        if (!e.isJsonObject()) {
            throw invalid("feature.json: '" + field + "' must be an object");
        }
        return e.getAsJsonObject();
    }

    private static JsonArray array(JsonElement e, String field) throws FumsException {
        if (!e.isJsonArray()) {
            throw invalid("feature.json: '" + field + "' must be an array");
        }
        return e.getAsJsonArray();
    }

    static FumsException invalid(String message) {
        return new FumsException(ErrorCode.SWAP_FEATURE_INVALID, message);
    }
}
