package io.fums.cloud.meters.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareVersion;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.Transition;
import io.fums.meter.upgrade.UpgradeState;
import io.fums.meter.upgrade.json.CampaignSpecJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The wire form of io.fums.meter.upgrade's types (docs/mqtt-api.md, 7.9 to
 * 7.17 and the events of section 6), as maps in a stable field order. The
 * campaign specification itself is read by {@link CampaignSpecJson}, so that
 * its format exists once.
 */
final class CampaignJson {

    private CampaignJson() {
    }

    /**
     * Reads a {@code campaign.create} body. Beyond what {@link CampaignSpecJson}
     * checks, every member given must be one it knows, of the type it writes
     * (an unknown or mistyped member would otherwise be ignored or coerced).
     *
     * @param body the request's body as the router parsed it (not parsed again here)
     * @throws FumsException {@code CMD_MALFORMED} naming the field
     */
    static CampaignSpec spec(String operation, JsonObject body) throws FumsException {
        CampaignSpec spec;
        try {
            spec = CampaignSpecJson.read(body);
        } catch (IllegalArgumentException e) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, operation + ": " + e.getMessage());
        }
        String problem = shape(body, CampaignSpecJson.toJson(spec), "");
        if (problem != null) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, operation + ": " + problem);
        }
        return spec;
    }

    /**
     * Compares what was given with the canonical form written back: each
     * given member must exist there with the same JSON type (numbers also
     * with the same value, so that 2.5 is not taken for 2). Strings are not
     * compared by value: a time may be written in another valid form.
     *
     * @return the first problem, or null
     */
    static String shape(JsonElement given, JsonElement canonical, String path) {
        if (given == null || given.isJsonNull()) {
            return null;
        }
        if (given.isJsonObject()) {
            if (!canonical.isJsonObject()) {
                return "field '" + path + "' must not be an object";
            }
            for (Map.Entry<String, JsonElement> e : given.getAsJsonObject().entrySet()) {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonElement c = canonical.getAsJsonObject().get(e.getKey());
                if (c == null) {
                    if (isEmpty(e.getValue())) {
                        continue;
                    }
                    return "unknown field '" + p + "'";
                }
                String problem = shape(e.getValue(), c, p);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (given.isJsonArray()) {
            if (!canonical.isJsonArray() || canonical.getAsJsonArray().size() != given.getAsJsonArray().size()) {
                return "field '" + path + "' must be an array of " + (canonical.isJsonArray() ? "strings" : "another type");
            }
            JsonArray g = given.getAsJsonArray();
            for (int i = 0; i < g.size(); i++) {
                String problem = shape(g.get(i), canonical.getAsJsonArray().get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        JsonPrimitive g = given.getAsJsonPrimitive();
        if (!canonical.isJsonPrimitive()) {
            return "field '" + path + "' must be " + (canonical.isJsonArray() ? "an array" : "an object");
        }
        JsonPrimitive c = canonical.getAsJsonPrimitive();
        if (g.isString() != c.isString() || g.isNumber() != c.isNumber() || g.isBoolean() != c.isBoolean()) {
            return "field '" + path + "' must be a " + (c.isString() ? "string" : c.isNumber() ? "number" : "boolean");
        }
        if (g.isNumber() && new BigDecimal(g.getAsString()).compareTo(new BigDecimal(c.getAsString())) != 0) {
            return "field '" + path + "' has an invalid number " + g.getAsString() + " (it would be read as "
                    + c.getAsString() + ")";
        }
        return null;
    }

    private static boolean isEmpty(JsonElement e) {
        return e.isJsonNull() || e.isJsonArray() && e.getAsJsonArray().isEmpty()
                || e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().isBlank();
    }

    static Map<String, Object> firmware(StagedFirmware f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packageSha256", f.packageSha256());
        m.put("name", f.name());
        m.put("version", f.version().toString());
        m.put("component", f.component().id());
        m.put("vendor", f.vendor());
        List<String> compatible = new ArrayList<>();
        for (DeviceType t : f.compatible()) {
            compatible.add(t.value());
        }
        m.put("compatible", compatible);
        Map<String, String> prerequisites = new TreeMap<>();
        for (Map.Entry<DeviceType, FirmwareVersion> e : f.prerequisites().entrySet()) {
            prerequisites.put(e.getKey().value(), e.getValue().toString());
        }
        m.put("prerequisites", prerequisites);
        m.put("imageSha256", f.imageSha256());
        m.put("size", f.size());
        m.put("stagedAt", f.stagedAt());
        return m;
    }

    /** A campaign: its summary, and every meter's job when the status has them. */
    static Map<String, Object> status(CampaignStatus s) {
        Map<String, Object> m = summary(s);
        m.put("alarms", s.alarms());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (MeterJob j : s.meters()) {
            jobs.add(job(j));
        }
        m.put("meters", jobs);
        return m;
    }

    /** A campaign without its meters and alarms. */
    static Map<String, Object> summary(CampaignStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", s.state());
        m.put("firmware", s.firmware());
        m.put("createdAt", s.createdAt());
        m.put("updatedAt", s.updatedAt());
        m.put("total", s.total());
        m.put("done", s.done());
        m.put("counts", counts(s.counts()));
        m.put("reason", s.reason());
        if (s.activation() != null) {
            m.put("activation", activation(s.activation()));
        }
        return m;
    }

    /** When the meters activate, in the form of the specification's {@code activation} member (7.11). */
    static Map<String, Object> activation(ActivationPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p.scheduled()) {
            m.put("mode", "at");
            m.put("at", p.at());
        } else if (p.windowed()) {
            m.put("mode", "window");
            m.put("start", p.windowStart().toString());
            m.put("end", p.windowEnd().toString());
        } else {
            m.put("mode", "immediately");
        }
        return m;
    }

    /** Meters per upgrade state, in the order of the state machine; states with no meter are left out. */
    static Map<String, Integer> counts(Map<UpgradeState, Integer> counts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (UpgradeState state : UpgradeState.values()) {
            Integer n = counts.get(state);
            if (n != null && n > 0) {
                m.put(state.name(), n);
            }
        }
        return m;
    }

    static Map<String, Object> job(MeterJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meterId", j.meterId());
        m.put("state", j.state());
        m.put("errorCode", j.errorCode());
        m.put("message", j.message());
        m.put("nextBlock", j.nextBlock());
        m.put("attempts", j.attempts());
        m.put("updated", j.updated());
        return m;
    }

    static Map<String, Object> transition(Transition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", t.from());
        m.put("to", t.to());
        m.put("at", t.at());
        m.put("errorCode", t.errorCode());
        m.put("detail", t.detail());
        return m;
    }

    /** {@code evt/campaign}: the campaign's state and counts. */
    static CloudEvent progressEvent(CampaignStatus s, Instant now) {
        return CloudEvent.builder(EventSink.PROGRESS_KIND)
                .time(s.updatedAt() != null ? s.updatedAt() : now)
                .data("campaign", s.id())
                .data("state", s.state())
                .data("firmware", s.firmware())
                .data("done", s.done())
                .data("total", s.total())
                .data("counts", counts(s.counts()))
                .data("reason", s.reason())
                .data("updatedAt", s.updatedAt())
                .build();
    }

    /**
     * {@code evt/meter-result}: a meter's final state. The id is derived from
     * the campaign, the meter and the state: a meter ends a campaign once, so
     * a result the agent reports again (after a restart) has the same id and
     * the cloud drops it as a duplicate.
     */
    static CloudEvent resultEvent(MeterJob j, Instant now) {
        Instant at = j.updated() != null ? j.updated() : now;
        return CloudEvent.builder(EventSink.RESULT_KIND)
                .id(resultId(j.campaignId(), j.meterId(), j.state()))
                .time(at)
                .data("campaign", j.campaignId())
                .data("meterId", j.meterId())
                .data("state", j.state())
                .data("errorCode", j.errorCode())
                .data("message", j.message())
                .data("at", at)
                .build();
    }

    /** The deterministic id of a meter's result: {@code mr-<name-based UUID>}. */
    static String resultId(String campaign, String meter, UpgradeState state) {
        String key = campaign + "\u0000" + meter + "\u0000" + state;
        return "mr-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code evt/alarm} from a campaign: a failed upgrade process of a meter (SM-2), or a threshold pause. */
    static CloudEvent campaignAlarmEvent(String campaign, String meterId, String code, String message, Instant at) {
        return EventSink.alarmEvent("campaign", campaign, meterId, code, message, at);
    }
}
