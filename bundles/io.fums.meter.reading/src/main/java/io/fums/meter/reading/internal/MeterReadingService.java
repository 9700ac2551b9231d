package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyEncryptionKey;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.LinkFactory;
import io.fums.meter.access.MeterAlarmListener;
import io.fums.meter.access.MeterIdentity;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.access.MeterKeys;
import io.fums.meter.reading.MeterReadings;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter inventory and readings, without OSGi: loads the inventory, runs
 * the periodic reads and serves {@link MeterInventory} and
 * {@link MeterReadings}. The component wires it; tests use it directly.
 * Thread-safe.
 */
final class MeterReadingService implements MeterInventory, MeterReadings, MeterKeys, AutoCloseable,
        PeriodicReader.Rounds {

    private static final Logger LOG = LoggerFactory.getLogger(MeterReadingService.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Clock clock;
    private final ReadingStore readings;
    private final AlarmDispatcher alarms = new AlarmDispatcher();
    private final AnomalyMonitor monitor;
    private final LinkRegistry links;
    private final Map<String, Long> lineRates = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterConnector connector;
    private final MeterKeyring keyring;
    private final BroadcastCiphers ciphers;
    private final KeyRotation rotation;
    private final ReadProfiles profiles = new ReadProfiles();
    private final CapabilityDiscovery capabilities;
    private volatile ReadingSettings settings;
    private final InventoryLoader loader;
    private PeriodicReader reader;
    private Instant lastPrune = Instant.EPOCH;

    /**
     * Migrates the schema and loads the inventory (an invalid one is logged and audited, and no meter is loaded).
     *
     * @throws FumsException {@code STORAGE_FAILED} if the database cannot be used
     */
    MeterReadingService(ReadingSettings settings, Database db, AuditLog audit, Clock clock, KeyEncryptionKey kek)
            throws FumsException {
        this(settings, db, audit, clock, kek, null);
    }

    /**
     * The same, with the DCU's HLS-ECDSA client signing key for high-ecdsa (suite 1) meters (null: none).
     *
     * @throws FumsException {@code STORAGE_FAILED} if the database cannot be used
     */
    MeterReadingService(ReadingSettings settings, Database db, AuditLog audit, Clock clock, KeyEncryptionKey kek,
            java.security.interfaces.ECPrivateKey clientSigningKey) throws FumsException {
        this.settings = settings;
        this.clock = clock;
        ReadingSchema.migrate(db);
        this.readings = new ReadingStore(db);
        this.monitor = new AnomalyMonitor(new MeterStateStore(db), audit, alarms, clock, settings.anomaly());
        this.links = new LinkRegistry(settings.readTimeout().toMillis());
        this.capabilities = new CapabilityDiscovery(new CapabilityStore(db), audit, clock,
                io.fums.dlms.cosem.ObjectList.DEFAULT_MAX_ENTRIES);
        CounterStore counters = new CounterStore(db, clock);
        MeterKeyStore keyStore = new MeterKeyStore(db, kek, clock);
        this.keyring = new MeterKeyring(keyStore, counters, audit, clientSigningKey);
        this.ciphers = new BroadcastCiphers(keyStore, counters);
        this.loader = new InventoryLoader(keyring, audit);
        this.connector = new MeterConnector(links, counters, keyring, monitor, settings.readTimeout());
        // a rotation takes up to three associations; a contact waits for it that long at most
        this.rotation = new KeyRotation(keyStore, counters, connector::readWith, audit,
                settings.readTimeout().multipliedBy(4));
        reload(true);
    }

    /** Starts the periodic reads. */
    synchronized void start() {
        if (reader == null) {
            reader = new PeriodicReader(settings.readInterval(), settings.readThreads(), this, clock);
            reader.start();
        }
    }

    /** A new configuration: the inventory is reloaded (an invalid one changes nothing), the schedule restarted. */
    synchronized void update(ReadingSettings s) {
        ReadingSettings old = settings;
        settings = s;
        connector.timeout(s.readTimeout());
        monitor.limits(s.anomaly());
        reload(true);
        if (reader != null && (!s.readInterval().equals(old.readInterval()) || s.readThreads() != old.readThreads())) {
            reader.close();
            reader = null;
            start();
        }
    }

    void bindLink(String name, LinkFactory factory) {
        links.bind(name, factory);
    }

    void unbindLink(String name, LinkFactory factory) {
        links.unbind(name, factory);
    }

    /** The line rate of a serial link, for pacing broadcasts on it (9600 baud until told). */
    void lineRate(String name, long bytesPerSecond) {
        lineRates.put(name, bytesPerSecond);
    }

    /** A link's scheduler (for tests and diagnostics). */
    LinkScheduler scheduler(String linkId) {
        return links.scheduler(linkId);
    }

    void addListener(MeterAlarmListener l) {
        alarms.add(l);
    }

    void removeListener(MeterAlarmListener l) {
        alarms.remove(l);
    }

    /** Loads the inventory file if it changed since the last load (or {@code force}). */
    private synchronized void reload(boolean force) {
        if (loader.reload(settings.inventory(), force)) {
            Inventory inventory = loader.inventory();
            links.retain(inventory.links().stream().map(Inventory.LinkSpec::id).collect(Collectors.toSet()));
            profiles.retain(inventory.meters().stream().map(MeterEntry::id).collect(Collectors.toSet()));
        }
    }

    @Override
    public Optional<String> problem() {
        return loader.problem();
    }

    /** High-ecdsa meters whose certificate is not valid now or ends soon ({@link MeterCertificates#problems}). */
    Optional<String> certificateProblems() {
        return Optional.ofNullable(MeterCertificates.problems(loader.inventory().meters(), clock.instant(),
                settings.anomaly().certificateWarning()));
    }

    /** The inventory file in use. */
    Path inventoryFile() {
        return settings.inventory();
    }

    private MeterEntry entry(String meterId) throws FumsException {
        return loader.inventory().meter(meterId).orElseThrow(() -> new FumsException(ErrorCode.METER_UNKNOWN,
                "no meter " + meterId + " in the inventory"));
    }

    /** The meter, its pending keys of an interrupted rotation settled first (every contact does this). */
    private MeterEntry contact(MeterEntry m) throws FumsException {
        rotation.settle(m);
        return m;
    }

    /** The key rotation, for tests. */
    KeyRotation rotation() {
        return rotation;
    }

    /** The objects (OBIS code, attribute) a meter was found to lack, with the meter's reason; for diagnostics and tests. */
    Map<String, String> lacking(String meterId) {
        Map<String, String> out = new java.util.TreeMap<>();
        profiles.of(meterId).lacking().forEach((a, r) -> out.put(a.instance() + "/" + a.attributeId(),
                r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        return out;
    }

    // MeterInventory

    @Override
    public List<MeterInfo> meters() {
        return loader.inventory().meters().stream().map(MeterEntry::info).toList();
    }

    @Override
    public Optional<MeterInfo> meter(String meterId) {
        return loader.inventory().meter(meterId).map(MeterEntry::info);
    }

    @Override
    public MeterIdentity identify(String meterId) throws FumsException {
        MeterEntry m = contact(entry(meterId));
        String[] id = connector.read(m, MeterReader::identity);
        Instant at = now();
        monitor.deviceIdRead(meterId, id[0]);
        monitor.firmwareRead(meterId, id[1]);
        return new MeterIdentity(meterId, id[0], id[1], at);
    }

    /** Runs {@code exchange} over an association with the meter, with the precedence of a read (see {@link SupplySwitch}). */
    <T> T exchange(String meterId, MeterConnector.Read<T> exchange) throws FumsException {
        return connector.read(contact(entry(meterId)), exchange);
    }

    @Override
    public DlmsClient open(String meterId) throws DlmsException, FumsException {
        return connector.lend(contact(entry(meterId)));
    }

    @Override
    public Optional<io.fums.meter.access.MeterMedium> medium(String meterId) {
        return MediumBroadcasts.medium(loader.inventory(), meterId, link -> {
            try {
                return ciphers.has(link);
            } catch (FumsException e) {
                LOG.warn("medium {}: broadcast key not readable: {}", link, e.toString());
                return false;
            }
        });
    }

    @Override
    public io.fums.meter.access.MediumBroadcaster broadcaster(String meterId) throws FumsException {
        MeterEntry m = entry(meterId);
        return MediumBroadcasts.broadcaster(links, m, lineRates.getOrDefault(m.linkId(), MediumBroadcasts.DEFAULT_RATE),
                settings.readTimeout().toMillis(), plain -> {
                    if (m.security().systemTitle() == null) {
                        throw new DlmsException(ErrorCode.CONFIG_MISSING, "meter " + meterId + ": no client system"
                                + " title in the inventory: its client cannot send a ciphered broadcast");
                    }
                    return ciphers.protect(m.linkId(), m.security().systemTitle(),
                            m.security().authentication().securitySuite(), plain);
                });
    }

    @Override
    public void expectFirmware(String meterId, String identifier) throws FumsException {
        entry(meterId);
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an expected firmware identifier is required");
        }
        monitor.expect(meterId, identifier);
    }

    @Override
    public Optional<io.fums.meter.access.MeterCapabilities> capabilities(String meterId) {
        return capabilities.get(meterId);
    }

    @Override
    public Set<String> suspects() {
        return monitor.suspects();
    }

    @Override
    public java.util.Optional<String> suspectReason(String meterId) {
        AnomalyRules.MeterState s = monitor.state(meterId);
        return s.suspect() ? java.util.Optional.of(s.suspectKind() + ": " + s.suspectMessage()) : java.util.Optional.empty();
    }

    @Override
    public void clearSuspect(String meterId) throws FumsException {
        monitor.clear(meterId);
    }

    // MeterKeys

    @Override
    public KeyInfo provision(String meterId, byte[] encryptionKey, byte[] authenticationKey) throws FumsException {
        entry(meterId);
        if (rotation.pendingMeters().contains(meterId)) {
            throw pendingRotation(meterId);
        }
        return keyring.provision(meterId, encryptionKey, authenticationKey);
    }

    @Override
    public Optional<KeyInfo> keyInfo(String meterId) throws FumsException {
        return keyring.info(meterId);
    }

    @Override
    public KeyInfo rotate(String meterId, byte[] masterKey, byte[] encryptionKey, byte[] authenticationKey)
            throws FumsException {
        return rotation.rotate(entry(meterId), masterKey, encryptionKey, authenticationKey);
    }

    @Override
    public BroadcastKeyInfo provisionBroadcast(String linkId, byte[] broadcastKey, byte[] authenticationKey)
            throws FumsException {
        boolean medium = loader.inventory().meters().stream().anyMatch(m -> m.endpoint()
                instanceof Inventory.HdlcEndpoint h && h.link().equals(linkId));
        if (!medium) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, "no meter of the inventory on a serial link " + linkId
                    + ": not a shared medium of this DCU; nothing was changed");
        }
        return keyring.provisionBroadcast(linkId, broadcastKey, authenticationKey);
    }

    @Override
    public Optional<BroadcastKeyInfo> broadcastKeyInfo(String linkId) throws FumsException {
        return keyring.broadcastInfo(linkId);
    }

    /** Keys stored over a pending rotation could be neither the meter's old nor its new keys: refused. */
    static FumsException pendingRotation(String meterId) {
        return new FumsException(ErrorCode.METER_KEYS_PENDING, "meter " + meterId + ": the keys of an interrupted"
                + " rotation are pending; they are settled at the meter's next contact (a read, or meters.read):"
                + " provision again after that; nothing was changed");
    }

    @Override
    public Optional<KeyInfo> pendingKeyInfo(String meterId) throws FumsException {
        return keyring.pending(meterId);
    }

    // MeterReadings

    @Override
    public List<Reading> latest(String meterId, int limit) throws FumsException {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000: " + limit);
        }
        return readings.latest(meterId, limit);
    }

    @Override
    public ReadStats stats(String meterId) throws FumsException {
        return readings.stats(meterId);
    }

    @Override
    public Reading readNow(String meterId) throws FumsException {
        MeterEntry m = entry(meterId);
        Reading r = readOnce(m, now(), true);
        readings.onDemand(r);
        return r;
    }

    /**
     * One read; a discovery of the meter's capabilities that is due runs in its association if {@code onDemand},
     * else after the link's round ({@link #afterRound}).
     */
    private Reading readOnce(MeterEntry m, Instant scheduledAt, boolean onDemand) throws FumsException {
        ReadProfiles.Profile profile = profiles.of(m.id());
        profile.unlisted(capabilities.unlisted(m.id(), monitor.state(m.id()).firmware()));
        // the other firmware components' identifiers its object list names (issue 15), the known ones only
        List<String> components = capabilities.get(m.id()).map(c -> c.firmwareIdentifiers()).orElse(List.of())
                .stream().filter(o -> io.fums.api.firmware.FirmwareComponent.ofIdentifierObis(o).isPresent()).toList();
        Map<String, String> values = connector.read(contact(m),
                c -> capabilities.afterRead(m.id(), MeterReader.reading(c, profile, components), c, onDemand));
        Reading r = new Reading(m.id(), scheduledAt, now(), values);
        monitor.valuesRead(m.id(), values, r.readAt(), () -> lastEnergyWh(m.id()));
        String fw = values.get(MeterReader.FIRMWARE);
        if (!MeterReader.isError(fw)) {
            profiles.firmware(m.id(), fw); // a new firmware may serve other objects: learnt again
            monitor.firmwareRead(m.id(), fw);
        }
        return r;
    }

    /** The energy import of the meter's latest stored reading, or null. */
    private Double lastEnergyWh(String meterId) {
        try {
            List<Reading> last = readings.latest(meterId, 1);
            return last.isEmpty() ? null : AnomalyMonitor.energyWh(last.get(0).values().get(MeterReader.IMPORT));
        } catch (FumsException e) {
            return null;
        }
    }

    /** Times are kept to the millisecond, as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // PeriodicReader.Rounds

    @Override
    public Map<String, List<String>> metersByLink() {
        Map<String, List<String>> byLink = new LinkedHashMap<>();
        for (MeterEntry m : loader.inventory().meters()) {
            byLink.computeIfAbsent(m.linkId(), k -> new ArrayList<>()).add(m.id());
        }
        return byLink;
    }

    @Override
    public LinkScheduler.ReadSession beginRound(String linkId) {
        return links.scheduler(linkId).beginRead();
    }

    @Override
    public void scheduled(List<String> meters) {
        try {
            readings.scheduled(meters);
        } catch (FumsException e) {
            LOG.error("read statistics not stored: {}", e.toString());
        }
    }

    @Override
    public void read(String meter, Instant scheduledAt, Instant periodEnd) {
        Optional<MeterEntry> m = loader.inventory().meter(meter);
        try {
            if (m.isEmpty()) {
                readings.missed(meter);
                return;
            }
            Reading r;
            try {
                r = readOnce(m.get(), scheduledAt, false);
            } catch (FumsException e) {
                LOG.warn("meter {}: read for {} missed: {}", meter, scheduledAt, e.toString());
                readings.missed(meter);
                return;
            }
            boolean inTime = r.readAt().isBefore(periodEnd);
            if (!inTime) {
                LOG.warn("meter {}: read for {} completed at {}, after its period: missed", meter, scheduledAt,
                        r.readAt());
            }
            readings.periodic(r, inTime);
        } catch (FumsException e) {
            LOG.error("meter {}: reading for {} not stored: {}", meter, scheduledAt, e.toString());
        }
    }

    @Override
    public void afterRound(String linkId, List<String> meters, Instant periodStart, Instant periodEnd) {
        capabilities.discoverPending(linkId, meters, periodStart, periodEnd, (id, r) -> connector.read(contact(entry(id)), r));
    }

    @Override
    public void skipped(String meter, Instant scheduledAt, String why) {
        LOG.warn("meter {}: read for {} missed: {}", meter, scheduledAt, why);
        try {
            readings.missed(meter);
        } catch (FumsException e) {
            LOG.error("read statistics not stored: {}", e.toString());
        }
    }

    @Override
    public void housekeeping(Instant now) {
        reload(false);
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
            lastPrune = now;
            try {
                int n = readings.prune(now.minus(settings.retention()));
                if (n > 0) {
                    LOG.info("{} readings older than {} deleted", n, settings.retention());
                }
            } catch (FumsException e) {
                LOG.error("old readings not deleted: {}", e.toString());
            }
        }
    }

    /** Aborts every association, stops the reads, closes the serial ports. */
    @Override
    public void close() {
        connector.close();
        synchronized (this) {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
        alarms.close();
        links.close();
    }
}
