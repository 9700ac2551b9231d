package io.fums.deploy.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.api.software.SoftwareSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Moves the running framework from one software set to another, touching
 * only what differs: bundles whose content changes are stopped, updated and
 * started; bundles that leave are uninstalled (or, if they had replaced a
 * base bundle, put back to the base jar); new bundles are installed; then
 * only the dependency closure of the updated and removed bundles is
 * refreshed. Bundles outside that closure keep running.
 *
 * <p>The same operation, from the new set to the old, is the rollback.
 */
final class FrameworkSwapper {

    /** Step callback: journal the step, honour the test pause hook. */
    interface Steps {
        void reached(SwapStep step) throws FumsException;
    }

    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    private final DeployPaths paths;
    private final BaseRuntime base;

    FrameworkSwapper(BundleContext context, DeployPaths paths, BaseRuntime base) {
        this.context = context;
        this.paths = paths;
        this.base = base;
    }

    /** The bundles of {@code to} that this swap started or must be running: the ones to health-check. */
    List<Bundle> swap(SoftwareSet from, SoftwareSet to, Steps steps) throws FumsException {
        Map<String, Bundle> installed = installedByName();
        List<Bundle> toStop = new ArrayList<>();
        List<SoftwareSet.SetBundle> toUpdate = new ArrayList<>();
        List<SoftwareSet.SetBundle> toInstall = new ArrayList<>();
        List<String> toRemove = new ArrayList<>();
        for (SoftwareSet.SetBundle b : to.bundles()) {
            Bundle current = installed.get(b.symbolicName());
            boolean same = from.bundle(b.symbolicName()).map(old -> old.sha256().equals(b.sha256())).orElse(false);
            if (current == null) {
                toInstall.add(b);
            } else if (!same) {
                toUpdate.add(b);
                toStop.add(current);
            }
        }
        for (SoftwareSet.SetBundle old : from.bundles()) {
            if (to.bundle(old.symbolicName()).isEmpty() && installed.containsKey(old.symbolicName())) {
                toRemove.add(old.symbolicName());
                toStop.add(installed.get(old.symbolicName()));
            }
        }

        for (Bundle b : toStop) {
            stop(b);
        }
        steps.reached(SwapStep.STOPPED);

        Set<Bundle> refresh = new LinkedHashSet<>();
        for (SoftwareSet.SetBundle b : toUpdate) {
            Bundle bundle = installed.get(b.symbolicName());
            update(bundle, paths.bundleJar(b.sha256()), b.toString());
            refresh.add(bundle);
        }
        for (String bsn : toRemove) {
            Bundle bundle = installed.get(bsn);
            var baseJar = base.jar(bsn);
            if (baseJar.isPresent()) {
                update(bundle, baseJar.get(), bsn + " (base)");
            } else {
                uninstall(bundle);
            }
            refresh.add(bundle);
        }
        for (SoftwareSet.SetBundle b : toInstall) {
            installed.put(b.symbolicName(), install(b));
        }
        steps.reached(SwapStep.UPDATED);

        refresh(refresh);
        steps.reached(SwapStep.REFRESHED);

        List<Bundle> target = to.bundles().stream().map(b -> installed.get(b.symbolicName())).collect(Collectors.toList());
        resolve(target, to);
        List<Bundle> started = new ArrayList<>();
        for (SoftwareSet.SetBundle b : to.bundles()) {
            Bundle bundle = installed.get(b.symbolicName());
            bundle.adapt(BundleStartLevel.class).setStartLevel(b.startLevel());
            if (b.started() && !isFragment(bundle)) {
                start(bundle, b.toString());
                started.add(bundle);
            }
        }
        // Base bundles put back by this swap start again as the base runtime has them.
        for (String bsn : toRemove) {
            Bundle bundle = installed.get(bsn);
            if (bundle != null && bundle.getState() != Bundle.UNINSTALLED && !isFragment(bundle)) {
                start(bundle, bsn + " (base)");
                started.add(bundle);
            }
        }
        steps.reached(SwapStep.STARTED);
        return started;
    }

    private Map<String, Bundle> installedByName() {
        Map<String, Bundle> byName = new java.util.HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null) {
                byName.put(b.getSymbolicName(), b);
            }
        }
        return byName;
    }

    private static void stop(Bundle b) throws FumsException {
        try {
            if (!isFragment(b)) {
                b.stop(Bundle.STOP_TRANSIENT);
            }
        } catch (BundleException | IllegalStateException e) {
            throw new FumsException(ErrorCode.SWAP_FAILED, "stopping " + b.getSymbolicName() + " failed: " + e.getMessage(), e);
        }
    }

    private static void update(Bundle b, Path jar, String what) throws FumsException {
        try (InputStream in = Files.newInputStream(jar)) {
            b.update(in);
        } catch (IOException | BundleException | IllegalStateException e) {
            throw new FumsException(ErrorCode.SWAP_FAILED, "updating " + what + " failed: " + e.getMessage(), e);
        }
    }

    private static void uninstall(Bundle b) throws FumsException {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new FumsException(ErrorCode.SWAP_FAILED, "uninstalling " + b.getSymbolicName() + " failed: " + e.getMessage(), e);
        }
    }

    private Bundle install(SoftwareSet.SetBundle b) throws FumsException {
        Path jar = paths.bundleJar(b.sha256());
        try (InputStream in = Files.newInputStream(jar)) {
            Bundle bundle = context.installBundle(jar.toUri().toString(), in);
            bundle.adapt(BundleStartLevel.class).setStartLevel(b.startLevel());
            return bundle;
        } catch (IOException | BundleException | IllegalStateException e) {
            throw new FumsException(ErrorCode.SWAP_FAILED, "installing " + b + " failed: " + e.getMessage(), e);
        }
    }

    /** Refreshes the dependency closure of {@code changed} only, and waits for it. */
    private void refresh(Set<Bundle> changed) throws FumsException {
        if (changed.isEmpty()) {
            return;
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        wiring.refreshBundles(changed, event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                error.set(event.getThrowable());
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new FumsException(ErrorCode.SWAP_FAILED, "the refresh did not finish within " + REFRESH_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FumsException(ErrorCode.SWAP_FAILED, "interrupted while refreshing", e);
        }
    }

    private void resolve(List<Bundle> bundles, SoftwareSet to) throws FumsException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (!wiring.resolveBundles(bundles)) {
            Function<Bundle, String> why = b -> b.getSymbolicName() + " " + b.getVersion() + unresolvedReason(b);
            String unresolved = bundles.stream().filter(b -> (b.getState() & Bundle.INSTALLED) != 0)
                    .map(why).collect(Collectors.joining("; "));
            throw new FumsException(ErrorCode.SWAP_RESOLVE_FAILED, "does not resolve: " + unresolved);
        }
    }

    private static String unresolvedReason(Bundle b) {
        try {
            b.start(Bundle.START_TRANSIENT);
            return "";
        } catch (BundleException e) {
            return " (" + e.getMessage() + ")";
        }
    }

    private static void start(Bundle b, String what) throws FumsException {
        try {
            b.start();
        } catch (BundleException | IllegalStateException e) {
            throw new FumsException(ErrorCode.SWAP_START_FAILED, "starting " + what + " failed: " + e.getMessage(), e);
        }
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }
}
