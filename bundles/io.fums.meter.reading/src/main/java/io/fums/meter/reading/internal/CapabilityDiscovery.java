package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.DlmsRefusedException;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.ObjectList;
import io.fums.dlms.cosem.SecuritySetup;
import io.fums.meter.access.MeterCapabilities;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capability discovery (issue 15): reads a meter's association object list
 * at the first contact and after its active firmware identifier changed,
 * and keeps what it offers ({@link CapabilityStore}). A list that is
 * malformed or longer than {@link ObjectList#DEFAULT_MAX_ENTRIES} is
 * refused with {@code METER_OBJECT_LIST_INVALID}, audited, and the meter's
 * previous capabilities are kept; it is not asked again under the same
 * firmware. Thread-safe.
 */
final class CapabilityDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityDiscovery.class);

    private final CapabilityStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxEntries;
    /** Meter to the firmware under which its list was refused or invalid: not asked again under it. */
    private final Map<String, String> failedUnder = new ConcurrentHashMap<>();
    /** Meters whose periodic read found a discovery due, to the firmware read ("" when none). */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    /** Link to how long its last discovery took, ns. */
    private final Map<String, Long> cost = new ConcurrentHashMap<>();

    /** Opens an association with a meter (with a read's precedence) and runs {@code read} over it. */
    interface Associations {
        void run(String meter, MeterConnector.Read<Void> read) throws FumsException;
    }

    CapabilityDiscovery(CapabilityStore store, AuditLog audit, Clock clock, int maxEntries) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    Optional<MeterCapabilities> get(String meter) {
        return store.get(meter);
    }

    /** What a discovery found: the capabilities, and which of the reads' objects the list does not name. */
    record Discovered(MeterCapabilities capabilities, Set<ObisCode> unlisted) {
    }

    /**
     * The objects the reads ask for that the meter's object list does not name, known when its capabilities were
     * discovered under {@code firmware} (the meter's last known active firmware identifier); else empty: a meter
     * whose capabilities are unknown or stale is asked for everything and its refusals are learnt
     * ({@link ReadProfiles}).
     */
    Set<ObisCode> unlisted(String meter, String firmware) {
        Optional<MeterCapabilities> caps = store.get(meter);
        if (firmware == null || caps.isEmpty() || !firmware.equals(caps.get().firmware())) {
            return Set.of();
        }
        return store.unlisted(meter).orElse(Set.of());
    }

    /** Whether the meter's list should be read now; {@code firmware} is its identifier as just read, or null. */
    boolean due(String meter, String firmware) {
        String key = firmware == null ? "" : firmware;
        if (key.equals(failedUnder.get(meter))) {
            return false;
        }
        Optional<MeterCapabilities> known = store.get(meter);
        return known.isEmpty() || firmware != null && !firmware.equals(known.get().firmware());
    }

    /**
     * A read of the meter got {@code values} over {@code c}: a discovery that is due (first contact, or a new
     * firmware) runs now over {@code c} if {@code onDemand}, else it is left for the round's spare time
     * ({@link #discoverPending}).
     *
     * @return {@code values}
     */
    Map<String, String> afterRead(String meter, Map<String, String> values, DlmsClient c, boolean onDemand) {
        String fw = values.get(MeterReader.FIRMWARE);
        String firmware = MeterReader.isError(fw) ? null : fw;
        if (onDemand) {
            discoverIfDue(meter, firmware, c, clock.instant());
        } else {
            firmwareRead(meter, firmware);
        }
        return values;
    }

    /** A periodic read read {@code firmware} (null: none): a discovery due is left for the round's spare time. */
    private void firmwareRead(String meter, String firmware) {
        if (due(meter, firmware)) {
            pending.put(meter, firmware == null ? "" : firmware);
        } else {
            pending.remove(meter);
        }
    }

    /**
     * Discovers the due capabilities of {@code meters} (a link's round is done) in the time left before
     * {@code end}: one meter at a time, each in its own association, and only while the time left is more than
     * twice what the last discovery on the link took (before the first: what the round took), so that the next
     * period's reads on the link are not delayed (SM-8). What is left waits for the next round.
     */
    void discoverPending(String link, List<String> meters, Instant start, Instant end, Associations associations) {
        for (String m : meters) {
            String firmware = pending.get(m);
            if (firmware == null) {
                continue;
            }
            Instant now = clock.instant();
            long estimate = cost.getOrDefault(link, Duration.between(start, now).toNanos());
            if (Duration.between(now, end).toNanos() <= 2 * estimate) {
                return;
            }
            long t0 = System.nanoTime();
            pending.remove(m);
            try {
                associations.run(m, c -> {
                    discover(m, firmware.isEmpty() ? null : firmware, c, clock.instant());
                    return null;
                });
            } catch (FumsException e) {
                LOG.info("meter {}: capabilities not read ({}): asked again after its next read", m, e.toString());
            }
            cost.put(link, System.nanoTime() - t0);
        }
    }

    /** {@link #discover} if {@link #due} (first contact, or a new firmware). */
    void discoverIfDue(String meter, String firmware, DlmsClient client, Instant now) {
        if (due(meter, firmware)) {
            pending.remove(meter);
            discover(meter, firmware, client, now);
        }
    }

    /**
     * Reads and keeps the meter's capabilities over {@code client} (the association of a read). Never throws: a
     * failure is logged (and audited when the meter's answer is at fault) and the read goes on.
     */
    void discover(String meter, String firmware, DlmsClient client, Instant now) {
        String key = firmware == null ? "" : firmware;
        try {
            Discovered found = read(client, key, now, maxEntries);
            MeterCapabilities caps = found.capabilities();
            store.put(meter, caps, found.unlisted());
            failedUnder.remove(meter);
            LOG.info("meter {}: capabilities under firmware '{}': {}", meter, key, caps);
            audit(AuditEvent.builder(AnomalyMonitor.ACTOR, "meter.capabilities").subject(meter)
                    .detail("firmware", key).detail("objects", caps.objects())
                    .detail("activationSchedule", caps.activationSchedule())
                    .detail("unlisted", found.unlisted().stream().map(ObisCode::toString).sorted().toList()).build());
        } catch (DlmsRefusedException e) {
            failedUnder.put(meter, key);
            LOG.info("meter {}: object list refused ({}): capabilities unknown", meter, e.getMessage());
        } catch (DlmsException e) {
            if (e.code() != ErrorCode.METER_PROTOCOL) {
                LOG.info("meter {}: object list not read ({}): asked again at the next read", meter, e.toString());
                return;
            }
            failedUnder.put(meter, key);
            LOG.warn("meter {}: {}: {}; its previous capabilities are kept", meter,
                    ErrorCode.METER_OBJECT_LIST_INVALID, e.getMessage());
            audit(AuditEvent.builder(AnomalyMonitor.ACTOR, "meter.capabilities")
                    .failed(ErrorCode.METER_OBJECT_LIST_INVALID).subject(meter).detail("firmware", key)
                    .detail("message", e.getMessage()).build());
        } catch (FumsException e) {
            LOG.error("meter {}: capabilities not stored: {}", meter, e.toString());
        }
    }

    /**
     * Reads the object list (and the image block size) and summarises it; an object the reads ask for
     * ({@link MeterReader#OBJECTS}) is unlisted unless the list names it with the same class.
     */
    static Discovered read(DlmsClient c, String firmware, Instant now, int maxEntries) throws DlmsException {
        List<ObjectList.Entry> list;
        try {
            list = ObjectList.decode(c.get(ObjectList.CURRENT_ASSOCIATION_OBJECT_LIST), maxEntries);
        } catch (DlmsCodecException e) {
            throw DlmsException.at(c.name(), e);
        }
        ObisCode imageTransfer = null;
        boolean schedule = false;
        boolean disconnect = false;
        boolean security = false;
        List<String> firmwareIds = new ArrayList<>();
        Set<CosemAttributeDescriptor> unlisted = new HashSet<>(MeterReader.OBJECTS);
        for (ObjectList.Entry e : list) {
            ObisCode n = e.logicalName();
            unlisted.removeIf(a -> a.classId() == e.classId() && a.instance().equals(n));
            switch (e.classId()) {
                case CosemObjects.CLASS_IMAGE_TRANSFER -> {
                    if (imageTransfer == null || n.equals(ImageTransfer.LOGICAL_NAME)) {
                        imageTransfer = n;
                    }
                }
                case CosemObjects.CLASS_SINGLE_ACTION_SCHEDULE ->
                        schedule |= n.equals(CosemObjects.IMAGE_ACTIVATION_SCHEDULE);
                case CosemObjects.CLASS_DISCONNECT_CONTROL -> disconnect = true;
                case SecuritySetup.CLASS_ID -> security = true;
                case CosemObjects.CLASS_DATA -> {
                    if (n.a() == 1 && n.c() == 0 && n.d() == 2 && n.e() == 0 && n.f() == 255) {
                        firmwareIds.add(n.toString());
                    }
                }
                default -> { }
            }
        }
        Long blockSize = imageTransfer == null ? null : blockSize(c, imageTransfer);
        Set<ObisCode> absent = new HashSet<>();
        unlisted.forEach(a -> absent.add(a.instance()));
        return new Discovered(new MeterCapabilities(firmware, imageTransfer != null, schedule, disconnect, security,
                firmwareIds, blockSize, c.serverMaxReceivePduSize(), list.size(), Objects.requireNonNull(now)),
                Set.copyOf(absent));
    }

    /** image_block_size (class 18 attribute 2), or null if the meter refuses it or sends no number. */
    private static Long blockSize(DlmsClient c, ObisCode imageTransfer) throws DlmsException {
        try {
            return DataValues.toLong(c.get(new CosemAttributeDescriptor(CosemObjects.CLASS_IMAGE_TRANSFER,
                    imageTransfer, 2)), "image_block_size");
        } catch (DlmsRefusedException | DlmsCodecException e) {
            LOG.info("{}: image_block_size not known: {}", c.name(), e.getMessage());
            return null;
        }
    }

    private void audit(AuditEvent e) {
        try {
            audit.append(e);
        } catch (FumsException x) {
            LOG.error("audit entry {} {} not stored: {}", e.action(), e.subject(), x.toString());
        }
    }
}
