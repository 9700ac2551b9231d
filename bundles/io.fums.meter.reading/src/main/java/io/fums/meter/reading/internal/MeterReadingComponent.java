package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.crypto.DlmsKeys;
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
import io.fums.meter.reading.MeterSupply;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.SupplyState;
import io.fums.meter.reading.Reading;
import io.fums.api.config.ConfigKeys;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter inventory and readings as a DS component (PID
 * {@value ReadingSettings#PID}, optional): registers {@link MeterInventory}
 * and {@link MeterReadings}, takes serial links from the {@link LinkFactory}
 * services (by {@code link.name}) and delivers alarms to the
 * {@link MeterAlarmListener} services.
 */
@Component(name = ReadingSettings.PID, service = {MeterInventory.class, MeterReadings.class, MeterSupply.class,
    MeterKeys.class, HealthCheck.class}, configurationPid = ReadingSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        property = {HealthCheck.NAME + "=FUMS meter inventory", HealthCheck.TAGS + "=" + MeterReadingComponent.HC_TAG})
@Designate(ocd = ReadingConfig.class)
public final class MeterReadingComponent implements MeterInventory, MeterReadings, MeterSupply, MeterKeys, HealthCheck {

    /**
     * The tag of the inventory's health check: WARN ("degraded", with the reason) while the inventory cannot be used
     * (the file is missing, names no meter, or was refused), OK with the count of meters otherwise.
     */
    public static final String HC_TAG = "meters";

    /** Framework (or system) property: the DCU's data folder, where {@value KeyEncryptionKey#FILE} lives. */
    static final String DATA_DIR_PROPERTY = "fums.data.dir";
    private static final Logger LOG = LoggerFactory.getLogger(MeterReadingComponent.class);
    /** What this component declares itself (its health check's name and tags): not configuration keys. */
    static final Set<String> DECLARED = Set.of(HealthCheck.NAME, HealthCheck.TAGS);

    private final BundleContext context;
    private final MeterReadingService service;
    private final SupplySwitch supply;

    /**
     * Validates the configuration, loads (or makes) the meter key-encryption key, migrates the schema and loads
     * the inventory.
     *
     * @throws FumsException {@code CONFIG_INVALID} (also: a key-encryption key file others may read) or
     *                       {@code STORAGE_FAILED}: the component does not activate
     */
    @Activate
    public MeterReadingComponent(BundleContext context, ReadingConfig config, Map<String, Object> properties,
                                 @Reference Database database, @Reference AuditLog audit, @Reference Clock clock)
            throws FumsException {
        checkKeys(properties, audit);
        this.context = context;
        this.service = new MeterReadingService(ReadingSettings.from(config, context::getProperty), database, audit, clock,
                kek(context, audit), dlmsClientKey(context, audit).privateKey());
        this.supply = new SupplySwitch(service::exchange, clock);
    }

    /**
     * Refuses a key this component does not know (a typo would run on the default), as the cloud link does: logged,
     * audited as {@code meters.config.load} FAILED, and the component does not activate.
     */
    static void checkKeys(Map<String, Object> properties, AuditLog audit) throws FumsException {
        try {
            ConfigKeys.check(properties, ReadingConfig.class, ReadingSettings.PID, DECLARED);
        } catch (FumsException e) {
            LOG.error("meter reading not started: {} {}", e.code(), e.getMessage());
            audit.append(AuditEvent.builder(MeterKeyring.ACTOR, "meters.config.load").failed(e.code())
                    .subject(ReadingSettings.PID).detail("message", e.getMessage()).build());
            throw e;
        }
    }

    private static KeyEncryptionKey kek(BundleContext context, AuditLog audit) throws FumsException {
        return ownKey(context, audit, KeyEncryptionKey.FILE, "meter key-encryption key", "dcu.meter-kek", "kekId",
                KeyEncryptionKey::loadOrCreate, KeyEncryptionKey::id, KeyEncryptionKey::created);
    }

    /** The DCU's HLS-ECDSA client key (security suite 1 meters): made at first start, mode checked like the KEK. */
    private static DlmsKeys.ClientKey dlmsClientKey(BundleContext context, AuditLog audit) throws FumsException {
        return ownKey(context, audit, DlmsKeys.CLIENT_KEY_FILE, "DLMS client signing key", "dcu.dlms-client-key",
                "keyId", DlmsKeys::loadOrCreateClientKey, DlmsKeys.ClientKey::keyId, DlmsKeys.ClientKey::created);
    }

    /** Loads one of the DCU's own key files (or makes it), logs and audits: {@code action}.load fails, .create. */
    private static <K> K ownKey(BundleContext context, AuditLog audit, String relative, String what, String action,
            String idDetail, KeyLoader<K> loader, Function<K, String> id, Predicate<K> created) throws FumsException {
        String data = context.getProperty(DATA_DIR_PROPERTY);
        Path file = Path.of(data == null || data.isBlank() ? "/var/lib/fums" : data).resolve(relative);
        K key;
        try {
            key = loader.load(file);
        } catch (FumsException e) {
            LOG.error("meter reading not started: {} {}", e.code(), e.getMessage());
            audit.append(AuditEvent.builder(MeterKeyring.ACTOR, action + ".load").failed(e.code())
                    .subject(file.toString()).detail("message", e.getMessage()).build());
            throw e;
        }
        LOG.info("{} {} {} {}", what, id.apply(key), created.test(key) ? "created in" : "loaded from", file);
        if (created.test(key)) {
            audit.append(AuditEvent.builder(MeterKeyring.ACTOR, action + ".create").subject(file.toString())
                    .detail(idDetail, id.apply(key)).build());
        }
        return key;
    }

    private interface KeyLoader<K> {
        K load(Path file) throws FumsException;
    }

    /** Starts the periodic reads once the links available now are bound. */
    @Activate
    void start() {
        service.start();
    }

    @Modified
    void modified(ReadingConfig config) throws FumsException {
        service.update(ReadingSettings.from(config, context::getProperty));
    }

    @Deactivate
    void stop() {
        service.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLink(LinkFactory factory, Map<String, Object> properties) {
        service.bindLink(linkName(factory, properties), factory);
        // io.fums.link.serial publishes its configuration: the line rate paces broadcasts (one octet = 10 bits)
        if (properties.get("baudRate") instanceof Number baud) {
            service.lineRate(linkName(factory, properties), baud.longValue() / 10);
        }
    }

    void removeLink(LinkFactory factory, Map<String, Object> properties) {
        service.unbindLink(linkName(factory, properties), factory);
    }

    private static String linkName(LinkFactory factory, Map<String, Object> properties) {
        Object n = properties.get(LinkFactory.NAME);
        return n != null ? n.toString() : factory.name();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAlarmListener(MeterAlarmListener listener) {
        service.addListener(listener);
    }

    void removeAlarmListener(MeterAlarmListener listener) {
        service.removeListener(listener);
    }

    @Override
    public List<MeterInfo> meters() {
        return service.meters();
    }

    @Override
    public Optional<MeterInfo> meter(String meterId) {
        return service.meter(meterId);
    }

    @Override
    public MeterIdentity identify(String meterId) throws FumsException {
        return service.identify(meterId);
    }

    @Override
    public DlmsClient open(String meterId) throws DlmsException, FumsException {
        return service.open(meterId);
    }

    @Override
    public void expectFirmware(String meterId, String identifier) throws FumsException {
        service.expectFirmware(meterId, identifier);
    }

    @Override
    public Optional<io.fums.meter.access.MeterMedium> medium(String meterId) {
        return service.medium(meterId);
    }

    @Override
    public io.fums.meter.access.MediumBroadcaster broadcaster(String meterId) throws FumsException {
        return service.broadcaster(meterId);
    }

    @Override
    public Optional<io.fums.meter.access.MeterCapabilities> capabilities(String meterId) {
        return service.capabilities(meterId);
    }

    @Override
    public Set<String> suspects() {
        return service.suspects();
    }

    @Override
    public java.util.Optional<String> suspectReason(String meterId) {
        return service.suspectReason(meterId);
    }

    @Override
    public void clearSuspect(String meterId) throws FumsException {
        service.clearSuspect(meterId);
    }

    @Override
    public List<Reading> latest(String meterId, int limit) throws FumsException {
        return service.latest(meterId, limit);
    }

    @Override
    public ReadStats stats(String meterId) throws FumsException {
        return service.stats(meterId);
    }

    @Override
    public Reading readNow(String meterId) throws FumsException {
        return service.readNow(meterId);
    }

    @Override
    public KeyInfo provision(String meterId, byte[] encryptionKey, byte[] authenticationKey) throws FumsException {
        return service.provision(meterId, encryptionKey, authenticationKey);
    }

    @Override
    public Optional<KeyInfo> keyInfo(String meterId) throws FumsException {
        return service.keyInfo(meterId);
    }

    @Override
    public BroadcastKeyInfo provisionBroadcast(String linkId, byte[] broadcastKey, byte[] authenticationKey)
            throws FumsException {
        return service.provisionBroadcast(linkId, broadcastKey, authenticationKey);
    }

    @Override
    public Optional<BroadcastKeyInfo> broadcastKeyInfo(String linkId) throws FumsException {
        return service.broadcastKeyInfo(linkId);
    }

    @Override
    public KeyInfo rotate(String meterId, byte[] masterKey, byte[] encryptionKey, byte[] authenticationKey)
            throws FumsException {
        return service.rotate(meterId, masterKey, encryptionKey, authenticationKey);
    }

    @Override
    public Optional<KeyInfo> pendingKeyInfo(String meterId) throws FumsException {
        return service.pendingKeyInfo(meterId);
    }

    @Override
    public SupplyState state(String meterId) throws FumsException {
        return supply.state(meterId);
    }

    @Override
    public SupplyState disconnect(String meterId) throws FumsException {
        return supply.disconnect(meterId);
    }

    @Override
    public SupplyState reconnect(String meterId) throws FumsException {
        return supply.reconnect(meterId);
    }

    @Override
    public Optional<String> problem() {
        return service.problem();
    }

    @Override
    public Result execute() {
        Optional<String> problem = service.problem();
        if (problem.isPresent()) {
            return new Result(Result.Status.WARN, "degraded: " + problem.get());
        }
        Optional<String> certificates = service.certificateProblems();
        if (certificates.isPresent()) {
            return new Result(Result.Status.WARN, "meter certificates: " + certificates.get());
        }
        return new Result(Result.Status.OK, service.meters().size() + " meters from " + service.inventoryFile());
    }
}
