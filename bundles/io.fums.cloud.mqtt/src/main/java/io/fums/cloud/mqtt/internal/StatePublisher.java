package io.fums.cloud.mqtt.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.cloud.mqtt.client.Json;
import io.fums.cloud.mqtt.client.Topics;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the retained {@code state} messages: the birth (online, with every
 * contributed section), the Will (offline, set at connect, sent by the broker
 * when the DCU vanishes) and the farewell (offline, sent on an orderly stop). Each carries the DCU's
 * {@code labels} (an object, empty without labels), so an offline DCU can still be selected by them.
 */
public final class StatePublisher {

    /** Section names. */
    public static final Pattern SECTION = Pattern.compile("[a-z][a-zA-Z0-9]{0,31}");
    private static final Set<String> RESERVED = Set.of("online", "dcuId", "time", "reason", "insecure", "labels");
    private static final Logger LOG = LoggerFactory.getLogger(StatePublisher.class);

    private final DeviceId dcu;
    private final Clock clock;
    private final boolean insecure;
    private final Map<String, StateContributor> sections = new ConcurrentHashMap<>();
    private final Map<String, String> labels;

    /** A publisher for a secure (TLS) link. */
    public StatePublisher(DeviceId dcu, Clock clock) {
        this(dcu, clock, false);
    }

    /**
     * @param insecure true for a plain tcp:// link (allowInsecure): every birth says {@code "insecure": true}
     */
    public StatePublisher(DeviceId dcu, Clock clock, boolean insecure) {
        this(dcu, clock, insecure, Map.of());
    }

    /**
     * @param insecure true for a plain tcp:// link (allowInsecure): every birth says {@code "insecure": true}
     * @param labels   the DCU's labels ({@link DcuLabels}), in the birth, the Will and the farewell
     */
    public StatePublisher(DeviceId dcu, Clock clock, boolean insecure, Map<String, String> labels) {
        this.dcu = dcu;
        this.clock = clock;
        this.insecure = insecure;
        this.labels = new TreeMap<>(labels);
    }

    /**
     * Adds a section.
     *
     * @return false if the name is invalid or reserved (the contributor is ignored)
     */
    public boolean add(String section, StateContributor contributor) {
        if (section == null || !SECTION.matcher(section).matches() || RESERVED.contains(section)) {
            LOG.error("state section '{}' ignored: a name of {} that is not one of {}", section, SECTION.pattern(),
                    RESERVED);
            return false;
        }
        sections.put(section, contributor);
        return true;
    }

    /** Removes a section if it is this contributor's. */
    public void remove(String section, StateContributor contributor) {
        if (section != null) {
            sections.remove(section, contributor);
        }
    }

    /**
     * The birth: {@code {"online": true, "dcuId", "time", "insecure", <sections>...}}, retained, QoS 1.
     * {@code insecure} is always there: true on a plain tcp:// link (SEC-5), false over TLS.
     */
    public Outgoing birth() {
        JsonObject o = head(true);
        o.addProperty("insecure", insecure);
        Map<String, StateContributor> sorted = new TreeMap<>(sections);
        for (Map.Entry<String, StateContributor> e : sorted.entrySet()) {
            try {
                JsonElement v = Json.tree(e.getValue().state());
                o.add(e.getKey(), v);
            } catch (RuntimeException ex) {
                LOG.warn("state section {} left out: {}", e.getKey(), ex.toString());
            }
        }
        if (!o.has("meters")) {
            JsonObject meters = new JsonObject();
            meters.addProperty("available", false);
            meters.addProperty("count", 0);
            meters.add("firmware", new JsonObject());
            o.add("meters", meters);
        }
        return Outgoing.json(Topics.state(dcu), Json.bytes(o), 1, true);
    }

    /** The Will: {@code {"online": false, "dcuId", "time", "reason": "connection lost"}}. */
    public Outgoing will() {
        JsonObject o = head(false);
        o.addProperty("reason", "connection lost");
        return Outgoing.json(Topics.state(dcu), Json.bytes(o), 1, true);
    }

    /** The farewell on an orderly stop. */
    public Outgoing farewell(String reason) {
        JsonObject o = head(false);
        o.addProperty("reason", reason);
        return Outgoing.json(Topics.state(dcu), Json.bytes(o), 1, true);
    }

    private JsonObject head(boolean online) {
        JsonObject o = new JsonObject();
        o.addProperty("online", online);
        o.addProperty("dcuId", dcu.value());
        o.addProperty("time", clock.instant().toString());
        JsonObject l = new JsonObject();
        labels.forEach(l::addProperty);
        o.add("labels", l);
        return o;
    }
}
