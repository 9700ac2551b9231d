package io.fums.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.fums.api.software.BundleJar;
import io.fums.api.software.SoftwareSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * One run of the DCU: start Felix, bring the runtime's bundles up level by
 * level, report, and wait for the framework to stop.
 */
final class DcuRuntime {

    private static final Logger LOG = Logger.getLogger("io.fums.launcher");
    private static final long START_TIMEOUT_SECONDS = 120;
    static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final LauncherSettings settings;
    private final StatusFile status;
    private volatile Framework framework;
    private volatile HealthMonitor health;
    private volatile HealthChecks healthChecks;

    DcuRuntime(LauncherSettings settings) {
        this.settings = settings;
        this.status = new StatusFile(settings.runDir());
    }

    /** Runs until the framework stops; returns the process exit code. */
    int run() throws Exception {
        RuntimeDescriptor descriptor = RuntimeDescriptor.read(settings.descriptor());
        Files.createDirectories(settings.runDir());
        try (FileChannel lockFile = FileChannel.open(settings.runDir().resolve("lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                LOG.severe("another FUMS-DCU process is using the data directory " + settings.data() + "; refusing to start");
                return Main.EXIT_CONFIG;
            }
            return runLocked(descriptor);
        }
    }

    private int runLocked(RuntimeDescriptor descriptor) throws Exception {
        if (status.recordPreviousRun()) {
            Map<String, String> previous = status.previousRun();
            LOG.warning("the previous run (pid " + previous.get("previous.pid") + ") ended abnormally: it left state '"
                    + previous.get("previous.state") + "' of " + previous.get("previous.updated")
                    + (previous.containsKey("previous.reason") ? " (" + previous.get("previous.reason") + ")" : "")
                    + " behind (killed, crashed or a power cut)");
        }
        status.write("starting", Map.of("data", settings.data().toString()));
        Framework fw = newFramework();
        framework = fw;
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        ctx.addFrameworkListener(this::onFrameworkEvent);
        SoftwareSet software = new CommittedSoftware(settings.data()).choose();
        List<Bundle> installed = install(ctx, descriptor, software);
        fw.start();
        int level = Math.max(Math.max(descriptor.maxStartLevel(), settings.targetStartLevel()), software.bundles().stream()
                .mapToInt(SoftwareSet.SetBundle::startLevel).max().orElse(1));
        raiseStartLevel(fw, level);
        HealthChecks checks = new HealthChecks(ctx);
        // null while the framework is not active (stopping by itself): nothing to judge
        HealthMonitor monitor = new HealthMonitor(() -> fw.getState() == Bundle.ACTIVE ? checks.run() : null, status,
                HealthMonitor.PERIOD);
        healthChecks = checks;
        health = monitor;
        monitor.check(); // the first 'up' already says the health
        reportStarted(installed, level, software);
        monitor.start();
        FrameworkEvent stopped = fw.waitForStop(0);
        endHealth();
        status.write("stopped", Map.of("reason", describe(stopped)));
        LOG.info("FUMS-DCU stopped (" + describe(stopped) + ")");
        return stopped.getType() == FrameworkEvent.ERROR ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    private Framework newFramework() throws IOException {
        Iterator<FrameworkFactory> factories = ServiceLoader.load(FrameworkFactory.class).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("no OSGi framework on the classpath (lib/ must hold the Felix framework jar)");
        }
        return factories.next().newFramework(settings.frameworkProperties());
    }

    private List<Bundle> install(BundleContext ctx, RuntimeDescriptor descriptor, SoftwareSet software)
            throws BundleException, IOException {
        List<Bundle> bundles = new ArrayList<>();
        java.util.Set<String> baseWins = new java.util.HashSet<>();
        for (RuntimeDescriptor.Entry e : descriptor.entries()) {
            Path jar = settings.bundles().resolve(e.fileName());
            if (!Files.isRegularFile(jar)) {
                throw new BundleException("bundle " + e + " is listed in " + settings.descriptor()
                        + " but " + jar + " does not exist");
            }
            String[] id = identity(jar);
            String bsn = id[0];
            var replacement = software.bundle(bsn);
            if (replacement.isPresent()) {
                // A newer base (a package upgrade of the distribution) wins over an older committed replacement.
                if (org.osgi.framework.Version.parseVersion(id[1])
                        .compareTo(org.osgi.framework.Version.parseVersion(replacement.get().version())) <= 0) {
                    LOG.info("base bundle " + bsn + " " + id[1] + " is replaced by " + replacement.get());
                    continue;
                }
                LOG.warning("committed " + replacement.get() + " is older than base " + bsn + " " + id[1] + ": the base runs");
                baseWins.add(bsn);
            }
            bundles.add(install(ctx, jar, e.startLevel(), true));
        }
        CommittedSoftware committed = new CommittedSoftware(settings.data());
        for (SoftwareSet.SetBundle b : software.bundles()) {
            if (!baseWins.contains(b.symbolicName())) {
                bundles.add(install(ctx, committed.jar(b), b.startLevel(), b.started()));
            }
        }
        return bundles;
    }

    private static Bundle install(BundleContext ctx, Path jar, int startLevel, boolean start) throws BundleException {
        Bundle b = ctx.installBundle(jar.toUri().toString());
        b.adapt(BundleStartLevel.class).setStartLevel(startLevel);
        if (start && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
            b.start(Bundle.START_ACTIVATION_POLICY);
        }
        return b;
    }

    /** {symbolic name, version} from a bundle jar's manifest. */
    private static String[] identity(Path jar) throws IOException {
        BundleJar id = BundleJar.read(jar).orElseThrow(() -> new IOException(jar + " is not an OSGi bundle (no Bundle-SymbolicName)"));
        return new String[] {id.symbolicName(), id.version()};
    }

    private static void raiseStartLevel(Framework fw, int level) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        fw.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> reached.countDown());
        if (!reached.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warning("start level " + level + " not reached within " + START_TIMEOUT_SECONDS + " s");
        }
    }

    private void reportStarted(List<Bundle> installed, int level, SoftwareSet software) throws IOException {
        long startupMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        List<String> notActive = new ArrayList<>();
        int fragments = 0;
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                fragments++;
                if (b.getState() != Bundle.RESOLVED) {
                    notActive.add(b.getSymbolicName() + "(fragment " + stateName(b.getState()) + ")");
                }
            } else if (b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + "(" + stateName(b.getState()) + ")");
            }
        }
        Runtime rt = Runtime.getRuntime();
        long usedBeforeGc = rt.totalMemory() - rt.freeMemory();
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("data", settings.data().toString());
        details.put("startLevel", Integer.toString(level));
        details.put("software.generation", Long.toString(software.generation()));
        details.put("software.features", software.features().toString());
        details.put("bundles.total", Integer.toString(installed.size()));
        details.put("bundles.fragments", Integer.toString(fragments));
        details.put("bundles.notActive", String.join(",", notActive));
        details.put("startupMillis", Long.toString(startupMillis));
        details.put("heapUsedBytes", Long.toString(used));
        details.put("heapUsedBeforeGcBytes", Long.toString(usedBeforeGc));
        details.put("heapMaxBytes", Long.toString(rt.maxMemory()));
        String state = notActive.isEmpty() ? "up" : "degraded";
        // the log line first: whoever sees the status file's state finds the line in the log
        if (notActive.isEmpty()) {
            LOG.info(String.format("FUMS-DCU up: %d bundles active (%d fragments resolved) in %d ms, heap in use %.1f MB of %.0f MB",
                    installed.size() - fragments, fragments, startupMillis, used / 1048576.0, rt.maxMemory() / 1048576.0));
        } else {
            LOG.severe("FUMS-DCU degraded: not active: " + String.join(", ", notActive));
        }
        status.write(state, details);
    }

    /** Stops the framework (SIGTERM, Ctrl-C): bundles stop in reverse start-level order. */
    void stop() {
        Framework fw = framework;
        if (fw == null || (fw.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return;
        }
        try {
            endHealth();
            status.write("stopping", Map.of());
            fw.stop();
            fw.waitForStop(STOP_TIMEOUT_MILLIS);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "stopping the framework failed", e);
        }
    }

    private void endHealth() {
        HealthMonitor m = health;
        if (m != null) {
            m.close();
        }
        HealthChecks c = healthChecks;
        if (c != null) {
            c.close();
        }
        status.endHealth();
    }

    private void onFrameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            Bundle b = event.getBundle();
            LOG.log(Level.SEVERE, "bundle " + (b == null ? "?" : b.getSymbolicName()) + ": "
                    + (event.getThrowable() == null ? "error" : event.getThrowable().getMessage()), event.getThrowable());
        } else if (event.getType() == FrameworkEvent.WARNING) {
            LOG.warning(String.valueOf(event.getThrowable()));
        }
    }

    private static String describe(FrameworkEvent e) {
        switch (e.getType()) {
            case FrameworkEvent.STOPPED: return "stopped";
            case FrameworkEvent.STOPPED_UPDATE: return "stopped for update";
            case FrameworkEvent.ERROR: return "error: " + e.getThrowable();
            case FrameworkEvent.WAIT_TIMEDOUT: return "wait timed out";
            default: return "event " + e.getType();
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
}
