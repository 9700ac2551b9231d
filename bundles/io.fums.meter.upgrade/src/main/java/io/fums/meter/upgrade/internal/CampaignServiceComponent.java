package io.fums.meter.upgrade.internal;

import io.fums.api.config.ConfigKeys;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.firmware.FirmwareComponent;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.CampaignSpec;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.StagedFirmware;
import io.fums.meter.upgrade.Transition;
import io.fums.security.PackageIntake;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import io.fums.store.ImageStore;
import io.fums.store.StorageSpace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CampaignService}: stages firmware through the security gate,
 * resolves targets from the meter inventory, and runs campaigns on the
 * {@link CampaignEngine}; continues running campaigns after a restart or a
 * swap of this bundle. Listeners ({@link CampaignListener} services) hear
 * progress, results and alarms.
 */
@Component(service = CampaignService.class, configurationPid = CampaignServiceComponent.PID, immediate = true)
@Designate(ocd = CampaignServiceComponent.Config.class)
public final class CampaignServiceComponent implements CampaignService {

    static final String PID = "io.fums.meter.upgrade";
    private static final Logger LOG = LoggerFactory.getLogger(CampaignServiceComponent.class);

    @ObjectClassDefinition(name = "FUMS meter-upgrade agent", description = "Meter firmware campaigns")
    public @interface Config {
        @AttributeDefinition(description = "Meters upgraded at the same time, over all links")
        int maxThreads() default 32;

        @AttributeDefinition(description = "Milliseconds between two polls of a meter's image transfer status")
        long pollIntervalMillis() default 500;

        @AttributeDefinition(description = "Seconds a meter may take to verify or activate an image")
        long pollTimeoutSeconds() default 600;

        @AttributeDefinition(description = "Seconds past a scheduled activation time a meter may take to begin it (its "
                + "clock may lag the DCU's) before the DCU invokes image_activate itself")
        long scheduleGraceSeconds() default 60;
    }

    private final MeterInventory inventory;
    private final ImageStore images;
    private final AuditLog audit;
    private final Clock clock;
    private final CampaignEngine engine;
    private final FirmwareStaging staging;
    private final List<CampaignListener> listeners = new CopyOnWriteArrayList<>();
    private final StorageSpace space;

    @Activate
    public CampaignServiceComponent(Config config, Map<String, Object> properties, @Reference Database database,
                                    @Reference AuditLog audit, @Reference ImageStore images, @Reference PackageIntake intake,
                                    @Reference MeterInventory inventory, @Reference Clock clock,
                                    @Reference StorageSpace space) throws FumsException {
        checkKeys(properties, audit);
        this.space = space;
        this.inventory = inventory;
        this.images = images;
        this.audit = audit;
        this.clock = clock;
        UpgradeJournal journal = new UpgradeJournal(database, clock);
        MeterUpgrader upgrader = new MeterUpgrader(journal, clock, Duration.ofMillis(config.pollIntervalMillis()),
                Duration.ofSeconds(config.pollTimeoutSeconds()), Duration.ofSeconds(Math.max(0, config.scheduleGraceSeconds())));
        this.engine = new CampaignEngine(new CampaignStore(database, clock), journal, upgrader, clock, config.maxThreads(),
                this::endpoint, this::load, new Listeners(listeners), audit, this::suspect, new BroadcastPhase.Media() {
                    @Override
                    public Optional<io.fums.meter.access.MeterMedium> medium(String meterId) {
                        return inventory.medium(meterId);
                    }

                    @Override
                    public io.fums.meter.access.MediumBroadcaster broadcaster(String meterId) throws FumsException {
                        return inventory.broadcaster(meterId);
                    }
                }, what -> space.require(0, what));
        this.staging = new FirmwareStaging(intake, engine.store(), images, audit, clock);
        engine.recover();
    }

    /**
     * Refuses a configuration key the agent does not know (a typo would run on the default), as the cloud link does:
     * logged, audited as {@code campaign.config.load} FAILED, and the agent does not activate.
     */
    static void checkKeys(Map<String, Object> properties, AuditLog audit) throws FumsException {
        try {
            ConfigKeys.check(properties, Config.class, PID, Set.of());
        } catch (FumsException e) {
            LOG.error("meter-upgrade agent not started: {} {}", e.code(), e.getMessage());
            audit.append(AuditEvent.builder("dcu", "campaign.config.load").failed(e.code()).subject(PID)
                    .detail("message", e.getMessage()).build());
            throw e;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(CampaignListener listener) {
        listeners.add(listener);
        if (engine != null) {
            engine.listenerAdded();
        }
    }

    void removeListener(CampaignListener listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Override
    public StagedFirmware stage(Path packageFile, String channel) throws FumsException {
        return staging.stage(packageFile, channel);
    }

    @Override
    public List<StagedFirmware> firmware() throws FumsException {
        return engine.store().firmware();
    }

    @Override
    public CampaignStatus create(CampaignSpec spec) throws FumsException {
        requireSpace("campaign.create", spec.id());
        StagedFirmware fw = engine.store().firmware(spec.firmware()).orElseThrow(() -> refuse(spec.id(),
                ErrorCode.CMD_FIRMWARE_NOT_STAGED, "firmware " + spec.firmware() + " is not staged on this DCU (stage it "
                + "first; firmware.list shows what is)"));
        List<String> targets = new ArrayList<>();
        if (spec.selector() == null) {
            for (String m : spec.meters()) {
                if (inventory.meter(m).isEmpty()) {
                    throw refuse(spec.id(), ErrorCode.CMD_MALFORMED, "meter " + m + " is not in this DCU's inventory");
                }
                targets.add(m);
            }
        } else {
            for (MeterInfo m : inventory.meters()) {
                if (m.deviceType().equals(spec.selector().deviceType()) && runs(m.meterId(), spec.selector().firmwareIdentifier())) {
                    targets.add(m.meterId());
                }
            }
            if (targets.isEmpty()) {
                throw refuse(spec.id(), ErrorCode.CMD_MALFORMED, "no meter of this DCU matches the selector " + spec.selector());
            }
        }
        Map<String, CampaignEngine.LeftOut> leftOut = new LinkedHashMap<>();
        ComponentCapabilities.excluded(fw.component(), targets,
                m -> inventory.capabilities(m).map(c -> c.firmwareIdentifiers()))
                .forEach((m, why) -> leftOut.put(m, new CampaignEngine.LeftOut(ErrorCode.METER_NO_COMPONENT, why)));
        ActivationCapabilities.excluded(spec.activation(), targets,
                m -> inventory.capabilities(m).map(c -> c.activationSchedule()))
                .forEach((m, why) -> leftOut.putIfAbsent(m,
                        new CampaignEngine.LeftOut(ErrorCode.METER_NO_ACTIVATION_SCHEDULE, why)));
        for (String m : targets) {
            if (!leftOut.containsKey(m) && fw.component() == FirmwareComponent.CORE) {
                inventory.expectFirmware(m, fw.image().identifier());
            }
        }
        return engine.createLeavingOut(spec, fw, targets, leftOut);
    }

    /** True if the meter runs {@code identifier} (read now, SM-1); any meter when null. */
    private boolean runs(String meterId, String identifier) {
        if (identifier == null) {
            return true;
        }
        try {
            return identifier.equals(inventory.identify(meterId).firmwareIdentifier());
        } catch (FumsException e) {
            LOG.warn("selector: meter {} left out, its firmware could not be read: {}", meterId, e.getMessage());
            return false;
        }
    }

    /**
     * New work on a data folder below its free-space reserve (issue 16): refused with {@code STORAGE_FULL} and
     * audited; campaigns under way go on (their journal writes are small), pause and cancel are always accepted.
     */
    private void requireSpace(String action, String id) throws FumsException {
        try {
            space.require(0, action + " " + id);
        } catch (FumsException e) {
            try {
                audit.append(AuditEvent.builder("meter-upgrade", action).refused(e.code()).subject(id)
                        .detail("message", e.getMessage()).build());
            } catch (FumsException ae) {
                LOG.error("could not audit a refused {}: {}", action, ae.toString());
            }
            throw e;
        }
    }

    private FumsException refuse(String id, ErrorCode code, String message) {
        try {
            audit.append(AuditEvent.builder("meter-upgrade", "campaign.create").refused(code).subject(id)
                    .detail("message", message).build());
        } catch (FumsException e) {
            LOG.error("could not audit a refused campaign: {}", e.toString());
        }
        return new FumsException(code, message);
    }

    @Override
    public CampaignStatus start(String id) throws FumsException {
        requireSpace("campaign.start", id);
        return engine.start(id);
    }

    @Override
    public CampaignStatus pause(String id) throws FumsException {
        return engine.pause(id);
    }

    @Override
    public CampaignStatus resume(String id) throws FumsException {
        requireSpace("campaign.resume", id);
        return engine.resume(id);
    }

    @Override
    public CampaignStatus cancel(String id) throws FumsException {
        return engine.cancel(id);
    }

    @Override
    public CampaignStatus status(String id) throws FumsException {
        return engine.status(id);
    }

    @Override
    public List<CampaignStatus> campaigns() throws FumsException {
        return engine.campaigns();
    }

    @Override
    public List<Transition> history(String id, String meterId) throws FumsException {
        engine.status(id);
        return engine.journal().transitions(id, meterId);
    }

    private Optional<MeterEndpoint> endpoint(String meterId) {
        return inventory.meter(meterId).map(m -> new MeterEndpoint(m.meterId(), m.deviceType(), m.linkId(),
                () -> inventory.open(m.meterId())));
    }

    /** Why the meter is suspect (SEC-8), or null. */
    private String suspect(String meterId) {
        return inventory.suspectReason(meterId).orElse(null);
    }

    private byte[] load(String sha256) throws FumsException {
        try (InputStream in = images.open(sha256).orElseThrow(() -> new FumsException(ErrorCode.CONFIG_MISSING,
                "image " + sha256 + " is not in the image store"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FumsException(ErrorCode.STORAGE_FAILED, "image " + sha256 + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Every registered listener, each shielded from the others. */
    private record Listeners(List<CampaignListener> all) implements CampaignListener {
        @Override
        public void progress(CampaignStatus status) {
            each(l -> l.progress(status));
        }

        /** Durable when every listener made it durable; never while there is no listener (reported again when one comes). */
        @Override
        public CompletionStage<?> meterResult(MeterJob job) {
            if (all.isEmpty()) {
                return CompletableFuture.failedStage(new IllegalStateException("no campaign listener yet"));
            }
            List<CompletableFuture<?>> stages = new ArrayList<>();
            for (CampaignListener l : all) {
                try {
                    CompletionStage<?> s = l.meterResult(job);
                    stages.add(s == null ? CompletableFuture.completedFuture(null) : s.toCompletableFuture());
                } catch (RuntimeException e) {
                    LOG.error("campaign listener {} failed: {}", l, e.toString());
                    stages.add(CompletableFuture.failedFuture(e));
                }
            }
            return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
        }

        @Override
        public void alarm(String campaign, String meterId, String code, String message) {
            each(l -> l.alarm(campaign, meterId, code, message));
        }

        private void each(java.util.function.Consumer<CampaignListener> call) {
            for (CampaignListener l : all) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    LOG.error("campaign listener {} failed: {}", l, e.toString());
                }
            }
        }
    }
}
