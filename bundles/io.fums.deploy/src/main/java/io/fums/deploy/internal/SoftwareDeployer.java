package io.fums.deploy.internal;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import io.fums.security.PackageIntake;
import io.fums.store.ImageStore;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import io.fums.store.Database;
import io.fums.store.StorageSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link SoftwareDeployment} service: verifies packages and runs swaps, one at a time. */
@Component(service = SoftwareDeployment.class, configurationPid = SoftwareDeployer.PID, immediate = true)
@Designate(ocd = SoftwareDeployer.Config.class)
public final class SoftwareDeployer implements SoftwareDeployment {

    static final String PID = "io.fums.deploy";

    @ObjectClassDefinition(name = "FUMS software deployment", description = "Swaps of the DCU's own software")
    public @interface Config {
        @AttributeDefinition(description = "This DCU's device type: packages must list it as compatible")
        String dcuType() default "fums-dcu";

        @AttributeDefinition(description = "Seconds a swapped-in feature has to become healthy, unless its feature.json says otherwise")
        int healthTimeoutSeconds() default 30;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SoftwareDeployer.class);
    private static final long LOCK_WAIT_MINUTES = 30;

    private final BundleContext context;
    private final DeployPaths paths;
    private final PackageStager stager;
    private final SwapTransaction transaction;
    private final SwapHistory history;
    private final AuditLog audit;
    private final long healthTimeoutMillis;
    private final Clock clock;
    private final StorageSpace space;
    private final ReentrantLock swapLock = new ReentrantLock();
    private final Map<Long, Long> starts = new ConcurrentHashMap<>();
    private final BundleListener startCounter = e -> {
        if (e.getType() == BundleEvent.STARTED) {
            starts.merge(e.getBundle().getBundleId(), 1L, Long::sum);
        }
    };

    @Activate
    public SoftwareDeployer(BundleContext context, Config config, @Reference PackageIntake intake, @Reference ImageStore images,
                            @Reference AuditLog audit,
                            @Reference Database database, @Reference ConfigurationAdmin configAdmin,
                            @Reference ServiceComponentRuntime scr, @Reference HealthCheckExecutor healthChecks,
                            @Reference Clock clock, @Reference StorageSpace space)
            throws FumsException, IOException {
        this.context = context;
        this.space = space;
        this.clock = clock;
        String data = context.getProperty("fums.data.dir");
        if (data == null) {
            throw new FumsException(ErrorCode.CONFIG_MISSING, "framework property fums.data.dir is not set");
        }
        this.paths = DeployPaths.in(Path.of(data));
        this.audit = audit;
        this.healthTimeoutMillis = TimeUnit.SECONDS.toMillis(config.healthTimeoutSeconds());
        this.stager = new PackageStager(intake, images, paths, DeviceType.of(config.dcuType()), config.healthTimeoutSeconds());
        this.history = new SwapHistory(database);
        String home = context.getProperty("fums.home");
        BaseRuntime base = BaseRuntime.scan(home == null ? null : Path.of(home, "bundles"));
        SwapJournal journal = new SwapJournal(paths.journal());
        FeatureConfiguration configuration = new FeatureConfiguration(configAdmin);
        this.transaction = new SwapTransaction(paths, journal, new SwapSteps(context.getProperty(SwapSteps.PAUSE_PROPERTY), paths),
                new FrameworkSwapper(context, paths, base), new HealthGate(scr, healthChecks), configuration, history, audit,
                this::restartFramework, clock);
        new SwapRecovery(journal, configuration, history, audit, paths, clock).recover();
        context.addBundleListener(startCounter);
    }

    @Override
    public SoftwareSet committed() {
        try {
            return SoftwareSetFile.read(paths.committed()).orElse(SoftwareSet.empty());
        } catch (IOException e) {
            throw new IllegalStateException("the committed software set cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<InstalledBundle> bundles() {
        SoftwareSet set = committed();
        List<InstalledBundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String feature = set.bundle(b.getSymbolicName()).map(SoftwareSet.SetBundle::feature)
                    .orElse(b.getBundleId() == 0 ? "framework" : "base");
            out.add(new InstalledBundle(b.getSymbolicName(), b.getVersion().toString(), stateName(b.getState()),
                    b.adapt(BundleStartLevel.class) == null ? 0 : b.adapt(BundleStartLevel.class).getStartLevel(), feature,
                    b.getBundleId(), b.getLastModified(), starts.getOrDefault(b.getBundleId(), 0L), serviceIds(b)));
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(startCounter);
    }

    /** The ids of the services {@code b} has registered, ascending; none if it was uninstalled meanwhile. */
    static List<Long> serviceIds(Bundle b) {
        ServiceReference<?>[] refs;
        try {
            refs = b.getRegisteredServices();
        } catch (IllegalStateException uninstalled) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
            if (r.getProperty(Constants.SERVICE_ID) instanceof Long id) {
                ids.add(id);
            }
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public SwapResult apply(Path packageFile) throws FumsException {
        lock();
        try {
            String txId = UUID.randomUUID().toString();
            SoftwareSet from = committed();
            PackageStager.StagedFeature staged;
            try {
                // the package's bundles go into the image store and then into deploy/bundles: twice its size, and the
                // data folder's reserve kept for the journals (issue 16: a full SD card refuses the swap, not the DCU)
                space.require(2 * size(packageFile), "applying software package " + packageFile.getFileName());
                staged = stager.stage(packageFile, from);
                refuseSelfSwap(from, staged);
                refuseUnreachableStartLevels(staged);
            } catch (FumsException e) {
                audit.append(AuditEvent.builder("deployer", "software.apply").refused(e.code())
                        .subject(String.valueOf(packageFile.getFileName())).detail("tx", txId).detail("message", e.getMessage()).build());
                LOG.warn("software package {} refused: {}", packageFile.getFileName(), e.toString());
                throw e;
            }
            String feature = staged.descriptor().name;
            String fromVersion = from.feature(feature).map(SoftwareSet.Feature::version).orElse("-");
            SoftwareSet to = from.with(new SoftwareSet.Feature(feature, staged.descriptor().version), staged.bundles(), clock.instant());
            long timeout = TimeUnit.SECONDS.toMillis(staged.descriptor().healthTimeoutSeconds);
            return transaction.run(new SwapTransaction.Plan(txId, feature, fromVersion, staged.descriptor().version, from, to,
                    staged.descriptor().configuration, staged.descriptor().healthTags, timeout));
        } finally {
            swapLock.unlock();
        }
    }

    private static long size(Path file) throws FumsException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.PKG_MALFORMED, "cannot read the package " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SwapResult rollback() throws FumsException {
        lock();
        try {
            SoftwareSet current = committed();
            SoftwareSet previous;
            try {
                previous = SoftwareSetFile.read(paths.previous()).orElseThrow(() ->
                        new FumsException(ErrorCode.SWAP_NOTHING_TO_ROLL_BACK, "there is no previous software set"));
            } catch (IOException e) {
                throw new FumsException(ErrorCode.STORAGE_FAILED, "the previous software set cannot be read: " + e.getMessage(), e);
            }
            SoftwareSet target = new SoftwareSet(current.generation() + 1, clock.instant(), previous.features(), previous.bundles());
            return transaction.run(new SwapTransaction.Plan(UUID.randomUUID().toString(), "*",
                    "generation " + current.generation(), "generation " + previous.generation(), current, target,
                    java.util.Map.of(), List.of(), healthTimeoutMillis));
        } finally {
            swapLock.unlock();
        }
    }

    @Override
    public List<SwapRecord> history(int limit) throws FumsException {
        return history.latest(limit);
    }

    private void lock() throws FumsException {
        try {
            if (!swapLock.tryLock(LOCK_WAIT_MINUTES, TimeUnit.MINUTES)) {
                throw new FumsException(ErrorCode.SWAP_FAILED, "another swap has been running for " + LOCK_WAIT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FumsException(ErrorCode.SWAP_FAILED, "interrupted while waiting for another swap", e);
        }
    }

    /** A swap that would stop this deployer (it is in the dependency closure of what changes) is refused. */
    private void refuseSelfSwap(SoftwareSet from, PackageStager.StagedFeature staged) throws FumsException {
        Set<String> touched = new HashSet<>();
        staged.bundles().forEach(b -> touched.add(b.symbolicName()));
        from.bundlesOf(staged.descriptor().name).forEach(b -> touched.add(b.symbolicName()));
        List<Bundle> changing = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (touched.contains(b.getSymbolicName())) {
                changing.add(b);
            }
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (wiring.getDependencyClosure(changing).contains(context.getBundle())) {
            throw new FumsException(ErrorCode.SWAP_REFUSED, "feature " + staged.descriptor().name
                    + " changes bundles that the software deployer itself depends on; upgrade them with the DCU's base package");
        }
    }

    /** A bundle above the framework's active start level would never start: refused before anything changes. */
    private void refuseUnreachableStartLevels(PackageStager.StagedFeature staged) throws FumsException {
        int active = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class).getStartLevel();
        for (SoftwareSet.SetBundle b : staged.bundles()) {
            if (b.startLevel() > active) {
                throw new FumsException(ErrorCode.SWAP_FEATURE_INVALID, "bundle " + b + " has start level " + b.startLevel()
                        + ", above the framework's active start level " + active + " (fums.startlevel)");
            }
        }
    }

    private void restartFramework() {
        try {
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).update();
        } catch (BundleException e) {
            LOG.error("restarting the framework failed: {}", e.toString());
        }
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }

    static SwapRecord interrupted(SwapJournal.Entry e, boolean committed, Instant now) {
        return new SwapRecord(e.txId(), Instant.ofEpochMilli(e.startedMillis()), now, e.feature(), e.from(), e.to(),
                committed ? SwapOutcome.COMMITTED : SwapOutcome.INTERRUPTED, committed ? null : ErrorCode.SWAP_FAILED.name(),
                committed ? "committed; the DCU restarted before the swap was closed"
                        : "interrupted at step '" + e.step() + "' by a DCU restart; the committed set was restored");
    }
}
