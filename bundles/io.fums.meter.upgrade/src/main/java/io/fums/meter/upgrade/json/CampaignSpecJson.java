package io.fums.meter.upgrade.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.fums.api.device.DeviceType;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.MeterSelector;
import io.fums.meter.upgrade.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a {@link CampaignSpec} as JSON:
 *
 * <pre>{@code
 * {"id": "fw-2-0-0", "firmware": "<package sha256>",
 *  "meters": ["m-00001", "m-00002"],            // or "selector": {"deviceType": "FUMS-EM-1", "firmwareIdentifier": "1.0.0"}
 *  "activation": {"mode": "at", "at": "2026-11-25T02:00:00Z"},   // or {"mode": "immediately"},
 *                                                               // or {"mode": "window", "start": "02:00", "end": "04:00"} (UTC)
 *  "rollout": {"waves": ["1", "10%", "rest"], "concurrencyPerLink": 1, "maxAttempts": 3,
 *              "backoffSeconds": 5, "maxBackoffSeconds": 300, "errorThreshold": "20%",
 *              "transfer": "auto"}}                    // or "point-to-point"
 * }</pre>
 * Every rollout field is optional ({@link RolloutPolicy#defaults()}); so is
 * the activation (immediately).
 */
public final class CampaignSpecJson {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private CampaignSpecJson() {
    }

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static CampaignSpec read(String json) {
        try {
            return read(GSON.fromJson(json, JsonObject.class));
        } catch (JsonParseException | IllegalStateException | ClassCastException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("campaign spec is not valid JSON of the expected shape: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a spec from a JSON object.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static CampaignSpec read(JsonObject o) {
        if (o == null) {
            throw new IllegalArgumentException("campaign spec is empty");
        }
        try {
            List<String> meters = new ArrayList<>();
            if (o.has("meters")) {
                for (JsonElement e : o.getAsJsonArray("meters")) {
                    meters.add(e.getAsString());
                }
            }
            MeterSelector selector = null;
            if (o.has("selector") && !o.get("selector").isJsonNull()) {
                JsonObject s = o.getAsJsonObject("selector");
                selector = new MeterSelector(s.has("deviceType") ? DeviceType.of(s.get("deviceType").getAsString()) : null,
                        s.has("firmwareIdentifier") ? s.get("firmwareIdentifier").getAsString() : null);
            }
            return new CampaignSpec(string(o, "id"), string(o, "firmware"), meters, selector, activation(o.getAsJsonObject("activation")),
                    rollout(o.getAsJsonObject("rollout")));
        } catch (DateTimeParseException | IllegalStateException | ClassCastException | UnsupportedOperationException
                 | NullPointerException e) {
            throw new IllegalArgumentException("campaign spec: " + e.getMessage(), e);
        }
    }

    private static ActivationPolicy activation(JsonObject a) {
        if (a == null) {
            return ActivationPolicy.immediately();
        }
        String mode = a.has("mode") ? a.get("mode").getAsString() : "immediately";
        return switch (mode) {
            case "immediately" -> ActivationPolicy.immediately();
            case "at" -> ActivationPolicy.at(Instant.parse(string(a, "at")));
            case "window" -> ActivationPolicy.window(LocalTime.parse(string(a, "start")), LocalTime.parse(string(a, "end")));
            default -> throw new IllegalArgumentException("activation mode '" + mode + "' is not immediately, at or window");
        };
    }

    private static RolloutPolicy rollout(JsonObject r) {
        RolloutPolicy d = RolloutPolicy.defaults();
        if (r == null) {
            return d;
        }
        List<String> waves = d.waves();
        if (r.has("waves")) {
            waves = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray("waves")) {
                waves.add(e.getAsString());
            }
        }
        return new RolloutPolicy(waves,
                r.has("concurrencyPerLink") ? r.get("concurrencyPerLink").getAsInt() : d.concurrencyPerLink(),
                r.has("maxAttempts") ? r.get("maxAttempts").getAsInt() : d.maxAttempts(),
                r.has("backoffSeconds") ? Duration.ofMillis(Math.round(r.get("backoffSeconds").getAsDouble() * 1000)) : d.backoff(),
                r.has("maxBackoffSeconds") ? Duration.ofMillis(Math.round(r.get("maxBackoffSeconds").getAsDouble() * 1000))
                        : d.maxBackoff(),
                r.has("errorThreshold") ? r.get("errorThreshold").getAsString() : d.errorThreshold(),
                r.has("transfer") ? r.get("transfer").getAsString() : d.transfer());
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return e.getAsString();
    }

    /** Writes a spec in the form {@link #read} takes. */
    public static JsonObject toJson(CampaignSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("id", spec.id());
        o.addProperty("firmware", spec.firmware());
        if (!spec.meters().isEmpty()) {
            JsonArray m = new JsonArray();
            spec.meters().forEach(m::add);
            o.add("meters", m);
        }
        if (spec.selector() != null) {
            JsonObject s = new JsonObject();
            s.addProperty("deviceType", spec.selector().deviceType().value());
            if (spec.selector().firmwareIdentifier() != null) {
                s.addProperty("firmwareIdentifier", spec.selector().firmwareIdentifier());
            }
            o.add("selector", s);
        }
        JsonObject a = new JsonObject();
        ActivationPolicy p = spec.activation();
        if (p.scheduled()) {
            a.addProperty("mode", "at");
            a.addProperty("at", p.at().toString());
        } else if (p.windowed()) {
            a.addProperty("mode", "window");
            a.addProperty("start", p.windowStart().toString());
            a.addProperty("end", p.windowEnd().toString());
        } else {
            a.addProperty("mode", "immediately");
        }
        o.add("activation", a);
        RolloutPolicy r = spec.rollout();
        JsonObject ro = new JsonObject();
        JsonArray w = new JsonArray();
        r.waves().forEach(w::add);
        ro.add("waves", w);
        ro.addProperty("concurrencyPerLink", r.concurrencyPerLink());
        ro.addProperty("maxAttempts", r.maxAttempts());
        ro.addProperty("backoffSeconds", r.backoff().toMillis() / 1000.0);
        ro.addProperty("maxBackoffSeconds", r.maxBackoff().toMillis() / 1000.0);
        ro.addProperty("errorThreshold", r.errorThreshold());
        ro.addProperty("transfer", r.transfer());
        o.add("rollout", ro);
        return o;
    }

    /** {@link #toJson} as text. */
    public static String write(CampaignSpec spec) {
        return GSON.toJson(toJson(spec));
    }
}
