package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code meters} section of the DCU's state:
 * {@code {"available": true, "state": "ok" | "degraded", "reason" (when degraded), "count", "firmware": {identifier: meters},
 * "types": {deviceType: {"count", "firmware": {identifier: meters}}},
 * "components": {component: {identifier: meters}} (the metrology and communication module firmware of the meters
 * that have them, issue 15), "unidentified", "suspects",
 * "insecure", "insecureMeters": [ids]}}, the firmware identifiers being those the periodic reads last
 * saw; {@code insecure} counts the meters the inventory runs weaker than HLS-GMAC with suite 0
 * (SEC-5), {@code insecureMeters} names the first {@value #MAX_LISTED} of them. The
 * section is computed from every meter's latest readings, so it is reused for
 * a few seconds.
 */
public final class MeterState implements StateContributor {

    /** The state section. */
    public static final String SECTION = "meters";

    private static final Logger LOG = LoggerFactory.getLogger(MeterState.class);
    private static final Duration TTL = Duration.ofSeconds(5);
    /** The retained state stays small: at most this many insecure meters are named. */
    static final int MAX_LISTED = 20;

    private final MeterInventory inventory;
    private final MeterReadings readings;
    private final Clock clock;
    private volatile Cached cached;
    private volatile Map<String, Object> published;

    private record Cached(Instant at, Map<String, Object> state) {
    }

    public MeterState(MeterInventory inventory, MeterReadings readings, Clock clock) {
        this.inventory = inventory;
        this.readings = readings;
        this.clock = clock;
    }

    /** The service properties this contributor registers with. */
    public static Map<String, Object> serviceProperties() {
        return Map.of(StateContributor.SECTION, SECTION);
    }

    @Override
    public Object state() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.at().plus(TTL))) {
            published = c.state();
            return c.state();
        }
        Map<String, Object> state = compute();
        cached = new Cached(now, state);
        published = state;
        return state;
    }

    /**
     * Whether the section, computed afresh, differs from the one last given
     * to the cloud link (the firmware the reads saw, the suspects, ...); false
     * before it was ever given.
     */
    public boolean changedSincePublished() {
        Map<String, Object> last = published;
        if (last == null) {
            return false;
        }
        Map<String, Object> now = compute();
        cached = new Cached(clock.instant(), now);
        return !now.equals(last);
    }

    private Map<String, Object> compute() {
        List<MeterInfo> meters = inventory.meters();
        Map<String, Integer> firmware = new TreeMap<>();
        Map<String, Map<String, Object>> types = new TreeMap<>();
        Map<String, Map<String, Integer>> components = new TreeMap<>();
        int unidentified = 0;
        List<String> insecure = new ArrayList<>();
        for (MeterInfo m : meters) {
            if (m.insecure()) {
                insecure.add(m.meterId());
            }
            MeterJson.SeenFirmware seen = null;
            try {
                seen = MeterJson.seenFirmware(readings.latest(m.meterId(), MeterHandler.FIRMWARE_LOOKBACK));
            } catch (FumsException | RuntimeException e) {
                LOG.debug("readings of {} not available for the state: {}", m.meterId(), e.toString());
            }
            Map<String, Object> type = types.computeIfAbsent(m.deviceType().value(), t -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("count", 0);
                n.put("firmware", new TreeMap<String, Integer>());
                return n;
            });
            type.merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
            if (seen == null) {
                unidentified++;
            } else {
                firmware.merge(seen.identifier(), 1, Integer::sum);
                @SuppressWarnings("unchecked")
                Map<String, Integer> typeFirmware = (Map<String, Integer>) type.get("firmware");
                typeFirmware.merge(seen.identifier(), 1, Integer::sum);
                seen.components().forEach((component, id) -> {
                    if (!component.equals("core")) {
                        components.computeIfAbsent(component, k -> new TreeMap<>()).merge(id, 1, Integer::sum);
                    }
                });
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("available", true);
        Optional<String> problem = inventory.problem();
        state.put("state", problem.isPresent() ? "degraded" : "ok");
        problem.ifPresent(reason -> state.put("reason", reason));
        state.put("count", meters.size());
        state.put("firmware", firmware);
        state.put("types", types);
        state.put("components", components);
        state.put("unidentified", unidentified);
        state.put("suspects", inventory.suspects().size());
        state.put("insecure", insecure.size());
        state.put("insecureMeters", List.copyOf(insecure.subList(0, Math.min(MAX_LISTED, insecure.size()))));
        return state;
    }
}
