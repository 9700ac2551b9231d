package io.fums.cloud.meters.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.meter.access.MeterIdentity;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** A hand-written inventory and readings for handler unit tests: meters, their readings (newest first), suspects. */
final class FakeMeters implements MeterInventory, MeterReadings {

    final List<MeterInfo> meters = new ArrayList<>();
    final Map<String, List<Reading>> readings = new HashMap<>();
    final Set<String> suspects = new TreeSet<>();
    final Set<String> unreachable = new TreeSet<>();
    final AtomicInteger latestCalls = new AtomicInteger();
    final Map<String, io.fums.meter.access.MeterCapabilities> capabilities = new HashMap<>();
    /** What {@link #problem()} says; null: the inventory is usable. */
    String problem;

    FakeMeters meter(String id, String type, String link) {
        return meter(id, type, link, MeterInfo.SECURE);
    }

    FakeMeters meter(String id, String type, String link, String security) {
        meters.add(new MeterInfo(id, DeviceType.of(type), link, "tcp " + link, security));
        return this;
    }

    /** Adds a reading (the newest so far) with these values. */
    FakeMeters readingOf(String id, Instant at, Map<String, String> values) {
        readings.computeIfAbsent(id, k -> new ArrayList<>()).add(0, new Reading(id, at, at.plusMillis(300), values));
        return this;
    }

    /** Adds a reading (the newest so far) with this firmware identifier (null: none read). */
    FakeMeters reading(String id, Instant at, String firmware) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("1-0:1.8.0.255", "1234.5 Wh");
        if (firmware != null) {
            values.put(MeterJson.FIRMWARE_OBIS, firmware);
        }
        readings.computeIfAbsent(id, k -> new ArrayList<>()).add(0, new Reading(id, at, at.plusMillis(300), values));
        return this;
    }

    @Override
    public Optional<io.fums.meter.access.MeterCapabilities> capabilities(String meterId) {
        return Optional.ofNullable(capabilities.get(meterId));
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public List<MeterInfo> meters() {
        return List.copyOf(meters);
    }

    @Override
    public Optional<MeterInfo> meter(String meterId) {
        return meters.stream().filter(m -> m.meterId().equals(meterId)).findFirst();
    }

    @Override
    public MeterIdentity identify(String meterId) throws FumsException {
        if (meter(meterId).isEmpty()) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, "no meter " + meterId);
        }
        if (unreachable.contains(meterId)) {
            throw DlmsException.timeout("tcp:x", "identify " + meterId);
        }
        return new MeterIdentity(meterId, "SN-" + meterId, "2.0.0", Instant.parse("2026-03-01T12:00:05Z"));
    }

    @Override
    public DlmsClient open(String meterId) throws DlmsException {
        throw new DlmsException(ErrorCode.METER_UNREACHABLE, "not in a unit test");
    }

    @Override
    public void expectFirmware(String meterId, String identifier) {
    }

    @Override
    public Set<String> suspects() {
        return Set.copyOf(suspects);
    }

    @Override
    public void clearSuspect(String meterId) {
        suspects.remove(meterId);
    }

    @Override
    public List<Reading> latest(String meterId, int limit) {
        latestCalls.incrementAndGet();
        List<Reading> r = readings.getOrDefault(meterId, List.of());
        return List.copyOf(r.subList(0, Math.min(limit, r.size())));
    }

    @Override
    public ReadStats stats(String meterId) {
        List<Reading> r = readings.getOrDefault(meterId, List.of());
        return new ReadStats(meterId, r.size() + 1, r.size(), 1, r.isEmpty() ? null : r.get(0).readAt());
    }

    @Override
    public Reading readNow(String meterId) throws FumsException {
        throw new FumsException(ErrorCode.METER_UNREACHABLE, "not in a unit test");
    }
}
