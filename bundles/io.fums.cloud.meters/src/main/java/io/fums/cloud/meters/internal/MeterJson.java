package io.fums.cloud.meters.internal;

import io.fums.api.firmware.FirmwareComponent;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.meter.access.MeterAlarm;
import io.fums.meter.access.MeterIdentity;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import io.fums.meter.reading.SupplyState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire form of io.fums.meter.reading's types (docs/mqtt-api.md, 7.7 and 7.8), as maps in a stable field order. */
final class MeterJson {

    /** The OBIS code of the active firmware identifier in a reading. */
    static final String FIRMWARE_OBIS = "1-0:0.2.0.255";

    private MeterJson() {
    }

    /**
     * What the DCU last saw of a meter's firmware: the core's identifier, the reading it came from, and every
     * firmware component's identifier in that reading (issue 15: {@code core}, and {@code metrology},
     * {@code communication} where the meter has them), by component name.
     */
    record SeenFirmware(String identifier, Instant readAt, Map<String, String> components) {
    }

    /** The newest readable firmware identifier among readings (newest first), or null. */
    static SeenFirmware seenFirmware(List<Reading> newestFirst) {
        for (Reading r : newestFirst) {
            String v = r.values().get(FIRMWARE_OBIS);
            if (readable(v)) {
                Map<String, String> components = new LinkedHashMap<>();
                for (FirmwareComponent c : FirmwareComponent.values()) {
                    String id = r.values().get(c.identifierObis());
                    if (readable(id)) {
                        components.put(c.id(), id);
                    }
                }
                return new SeenFirmware(v, r.readAt(), components);
            }
        }
        return null;
    }

    private static boolean readable(String v) {
        return v != null && !v.isBlank() && !v.startsWith("error:");
    }

    /** One meter of {@code meters.list}. */
    static Map<String, Object> meter(MeterInfo m, SeenFirmware firmware, ReadStats stats, boolean suspect) {
        Map<String, Object> x = info(m);
        x.put("firmwareIdentifier", firmware == null ? null : firmware.identifier());
        x.put("firmwareSeenAt", firmware == null ? null : firmware.readAt());
        x.put("components", firmware == null ? null : firmware.components());
        x.put("lastReadAt", stats == null ? null : stats.lastReadAt());
        x.put("suspect", suspect);
        return x;
    }

    static Map<String, Object> info(MeterInfo m) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("meterId", m.meterId());
        x.put("deviceType", m.deviceType().value());
        x.put("linkId", m.linkId());
        x.put("address", m.address());
        x.put("security", m.security());
        int plus = m.security().indexOf("+suite");
        x.put("authentication", plus < 0 ? m.security() : m.security().substring(0, plus));
        Integer suite = null;
        try {
            suite = plus < 0 ? null : Integer.valueOf(m.security().substring(plus + "+suite".length()));
        } catch (NumberFormatException e) {
            // a form this version does not know: the security text says it
        }
        x.put("suite", suite);
        x.put("insecure", m.insecure());
        return x;
    }

    /** What a meter offers, from its association object list (issue 15), for {@code meters.list}. */
    static Map<String, Object> capabilities(io.fums.meter.access.MeterCapabilities c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("firmwareIdentifier", c.firmware());
        x.put("imageTransfer", c.imageTransfer());
        x.put("activationSchedule", c.activationSchedule());
        x.put("disconnectControl", c.disconnectControl());
        x.put("securitySetup", c.securitySetup());
        x.put("firmwareObjects", c.firmwareIdentifiers());
        x.put("imageBlockSize", c.imageBlockSize());
        x.put("maxPduSize", c.maxPduSize());
        x.put("objects", c.objects());
        x.put("readAt", c.readAt().toString());
        return x;
    }

    /** A meter's supply switch in {@code meters.list}: as it last answered. */
    static Map<String, Object> supply(SupplyState s) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("state", SupplyHandler.name(s.controlState()));
        x.put("outputState", s.outputState());
        x.put("controlMode", s.controlMode());
        x.put("readAt", s.readAt().toString());
        return x;
    }

    static Map<String, Object> identity(MeterIdentity i) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("deviceId", i.deviceId());
        x.put("firmwareIdentifier", i.firmwareIdentifier());
        x.put("readAt", i.readAt());
        return x;
    }

    static Map<String, Object> stats(ReadStats s) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("scheduled", s.scheduled());
        x.put("done", s.done());
        x.put("missed", s.missed());
        x.put("lastReadAt", s.lastReadAt());
        x.put("itemsMissing", s.itemsMissing());
        return x;
    }

    static Map<String, Object> reading(Reading r) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("scheduledAt", r.scheduledAt());
        x.put("readAt", r.readAt());
        x.put("values", r.values());
        return x;
    }

    /** {@code evt/alarm} from the meter-reading bundle (SEC-8): {@code code} is the alarm's kind. */
    static CloudEvent alarmEvent(MeterAlarm a) {
        return EventSink.alarmEvent("meter", null, a.meterId(), a.kind(), a.message(), a.at());
    }
}
