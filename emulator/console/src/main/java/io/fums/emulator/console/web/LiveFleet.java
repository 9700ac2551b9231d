package io.fums.emulator.console.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.device.DeviceId;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.DcuKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet as the console's MQTT subscription sees it: every DCU's retained state ({@code fums/v1/+/state}: online or
 * not, software, meters per firmware) and the alarms the DCUs raise ({@code evt/alarm}, through a shared subscription
 * of this console's group), kept up to date and told to the pages as they change.
 *
 * <p>Bounded: at most {@link #MAX_DCUS} DCUs and {@link #ALARMS_KEPT} alarms per DCU are kept; a state larger than
 * {@link DcuEvent#MAX_PAYLOAD} is taken as unreadable. Thread-safe.
 */
final class LiveFleet implements AutoCloseable {

    static final int MAX_DCUS = 100_000;
    static final int ALARMS_KEPT = 50;
    static final String STATES = "fums/v1/+/state";
    static final int MAX_LABELS = 16;

    /**
     * One DCU as the fleet page shows it.
     *
     * @param dcuId     the DCU
     * @param online    connected now
     * @param since     its state's time (connected at, or went away at)
     * @param reason    why it is offline (connection lost, stopped), else null
     * @param labels    the DCU's labels from its configuration (e.g. region, group; at most {@link #MAX_LABELS})
     * @param software  the committed software set: {@code generation} and {@code features} (name, version)
     * @param meters    {@code count}, {@code firmware} (meters per active firmware), {@code suspects}, {@code insecure}
     * @param insecure  true when its link to the broker is a plain tcp:// one (SEC-5)
     * @param alarms    alarms received since this console started
     * @param lastAlarm the latest alarm's data, or null
     * @param signature how its state's signature was judged: VERIFIED, PINNED or NO_KEY
     */
    record Dcu(String dcuId, boolean online, String since, String reason, JsonObject labels, JsonObject software,
               JsonObject meters, boolean insecure, int alarms, JsonObject lastAlarm, String signature) {
    }

    private final ConsoleLink link;
    private final String alarmFilter;
    private final EventSink sink;
    private final Map<String, Dcu> dcus = new ConcurrentHashMap<>();
    private final Map<String, Deque<JsonObject>> alarms = new ConcurrentHashMap<>();
    private final DcuEvent.RecentIds seen = new DcuEvent.RecentIds(20_000);

    /**
     * @param link  the console's link
     * @param group the shared subscription group of this console (a group of its own: every event)
     * @param sink  where changes go
     */
    LiveFleet(ConsoleLink link, String group, EventSink sink) {
        this.link = link;
        this.alarmFilter = "$share/" + group + "/fums/v1/+/evt/alarm";
        this.sink = sink;
    }

    /** Subscribes; the retained states arrive right after. */
    LiveFleet start() throws ConsoleException {
        link.subscribe(STATES, this::state);
        link.subscribe(alarmFilter, (topic, payload, check) -> alarm(topic, payload));
        return this;
    }

    /** Every DCU known, by id. */
    List<Dcu> dcus() {
        List<Dcu> out = new ArrayList<>(dcus.values());
        out.sort((a, b) -> a.dcuId().compareTo(b.dcuId()));
        return out;
    }

    /** One DCU, or null. */
    Dcu dcu(String id) {
        return dcus.get(id);
    }

    /** The DCUs online now. */
    List<String> online() {
        return dcus().stream().filter(Dcu::online).map(Dcu::dcuId).toList();
    }

    /** A DCU's latest alarms, newest first. */
    List<JsonObject> alarms(String dcuId) {
        Deque<JsonObject> d = alarms.get(dcuId);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return new ArrayList<>(d);
        }
    }

    void state(String topic, byte[] payload, DcuKeys.Check check) {
        String[] levels = topic.split("/");
        if (levels.length != 4 || !DeviceId.isValid(levels[2])) {
            return;
        }
        String id = levels[2];
        if (payload.length == 0) {
            // a retained state cleared: the DCU is gone from the broker
            if (dcus.remove(id) != null) {
                sink.publish("dcu-removed", json(id));
            }
            return;
        }
        if (!dcus.containsKey(id) && dcus.size() >= MAX_DCUS) {
            return;
        }
        JsonObject s;
        try {
            s = payload.length > DcuEvent.MAX_PAYLOAD ? null
                    : JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            s = null;
        }
        Dcu before = dcus.get(id);
        Dcu d = s == null
                ? new Dcu(id, false, null, "state is not readable", before == null ? null : before.labels(), null, null,
                        false, alarmCount(before), lastAlarm(before), check.name())
                : new Dcu(id, s.has("online") && s.get("online").isJsonPrimitive() && s.get("online").getAsBoolean(),
                        DcuEvent.text(s, "time"), DcuEvent.text(s, "reason"), labels(s), software(s, before),
                        meters(s, before),
                        s.has("insecure") && s.get("insecure").isJsonPrimitive() && s.get("insecure").getAsBoolean(),
                        alarmCount(before), lastAlarm(before), check.name());
        dcus.put(id, d);
        sink.publish("dcu", WebJson.GSON.toJsonTree(d));
    }

    /** The labels (text values only, at most {@link #MAX_LABELS}, each cut to 64 characters). */
    private static JsonObject labels(JsonObject s) {
        JsonObject out = new JsonObject();
        if (s.has("labels") && s.get("labels").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : s.getAsJsonObject("labels").entrySet()) {
                if (out.size() < MAX_LABELS && e.getValue().isJsonPrimitive()) {
                    out.addProperty(cut(e.getKey()), cut(e.getValue().getAsString()));
                }
            }
        }
        return out;
    }

    private static String cut(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64);
    }

    /** The software set; a Will or farewell has none, so the last one known is kept. */
    private static JsonObject software(JsonObject s, Dcu before) {
        if (!s.has("software") || !s.get("software").isJsonObject()) {
            return before == null ? null : before.software();
        }
        JsonObject sw = s.getAsJsonObject("software");
        JsonObject out = new JsonObject();
        out.add("generation", sw.get("generation"));
        JsonArray features = new JsonArray();
        if (sw.has("features") && sw.get("features").isJsonArray()) {
            for (JsonElement f : sw.getAsJsonArray("features")) {
                if (f.isJsonObject()) {
                    JsonObject o = new JsonObject();
                    o.addProperty("name", DcuEvent.text(f.getAsJsonObject(), "name"));
                    o.addProperty("version", DcuEvent.text(f.getAsJsonObject(), "version"));
                    features.add(o);
                }
            }
        }
        out.add("features", features);
        return out;
    }

    private static JsonObject meters(JsonObject s, Dcu before) {
        if (!s.has("meters") || !s.get("meters").isJsonObject()) {
            return before == null ? null : before.meters();
        }
        JsonObject m = s.getAsJsonObject("meters");
        JsonObject out = new JsonObject();
        for (String f : List.of("available", "state", "count", "unidentified", "suspects", "insecure", "reason")) {
            if (m.has(f) && m.get(f).isJsonPrimitive()) {
                out.add(f, m.get(f));
            }
        }
        JsonObject firmware = new JsonObject();
        DcuEvent.counts(m, "firmware").forEach(firmware::addProperty);
        out.add("firmware", firmware);
        return out;
    }

    private static int alarmCount(Dcu d) {
        return d == null ? 0 : d.alarms();
    }

    private static JsonObject lastAlarm(Dcu d) {
        return d == null ? null : d.lastAlarm();
    }

    void alarm(String topic, byte[] payload) {
        DcuEvent e = DcuEvent.parse(topic, payload);
        if (e == null || !DeviceId.isValid(e.dcuId()) || !seen.first(e.id())) {
            return;
        }
        JsonObject a = new JsonObject();
        a.addProperty("dcuId", e.dcuId());
        a.addProperty("id", e.id());
        for (String f : List.of("source", "campaign", "meterId", "code", "message", "at")) {
            a.addProperty(f, e.text(f));
        }
        if (a.get("at").isJsonNull()) {
            a.addProperty("at", e.time());
        }
        Deque<JsonObject> d = alarms.computeIfAbsent(e.dcuId(), k -> new ArrayDeque<>());
        synchronized (d) {
            d.addFirst(a);
            while (d.size() > ALARMS_KEPT) {
                d.removeLast();
            }
        }
        dcus.computeIfPresent(e.dcuId(), (k, d0) -> new Dcu(d0.dcuId(), d0.online(), d0.since(), d0.reason(), d0.labels(),
                d0.software(), d0.meters(), d0.insecure(), d0.alarms() + 1, a, d0.signature()));
        Dcu now = dcus.get(e.dcuId());
        if (now != null) {
            sink.publish("dcu", WebJson.GSON.toJsonTree(now));
        }
        sink.publish("alarm", a);
    }

    private static JsonObject json(String dcuId) {
        JsonObject o = new JsonObject();
        o.addProperty("dcuId", dcuId);
        return o;
    }

    @Override
    public void close() {
        link.unsubscribe(STATES);
        link.unsubscribe(alarmFilter);
    }
}
