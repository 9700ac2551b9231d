package io.fums.features.dcu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.deploy.InstalledBundle;
import io.fums.deploy.SoftwareDeployment;
import io.fums.deploy.SwapOutcome;
import io.fums.deploy.SwapRecord;
import io.fums.deploy.SwapResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * DCU self-upgrade in a forked Felix running the distribution's bundles and
 * real packaged test bundles (CARD-1, UMS-1, UMS-2, UMS-3, SEC-3): a good
 * update commits, each bad update rolls back to the exact previous set with
 * its reason, a badly signed package changes nothing, and a bystander bundle
 * outside the feature is never restarted. The methods run in name order and
 * share one framework: each starts from the state the previous one left.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SoftwareSwapIT {

    private static final String PKG = "fums.it.pkg.";
    private static final String LEAF = "io.fums.test.leaf";
    private static final String LIB = "io.fums.test.lib";

    @Inject
    private BundleContext context;

    @Inject
    private SoftwareDeployment deployment;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws Exception {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "swap-it");
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path data = root.resolve("data");
        SwapFixtures fx = new SwapFixtures();
        fx.writeTrustStore(data);
        Path pkgs = root.resolve("packages");
        Map<String, Path> packages = new TreeMap<>();
        packages.put("v1", fx.leafFeature(pkgs, "1.0.0", "leaf-v1", "\"io.fums.test.leaf.settings\":{\"greeting\":\"default-1\"}"));
        packages.put("v2", fx.leafFeature(pkgs, "2.0.0", "leaf-v2", "\"io.fums.test.leaf.settings\":{\"greeting\":\"default-2\"}"));
        packages.put("unresolvable", fx.leafFeature(pkgs, "3.0.0", "leaf-unresolvable", "\"io.fums.test.leaf.v3\":{\"x\":1}"));
        packages.put("failingActivate", fx.leafFeature(pkgs, "3.1.0", "leaf-failing-activate", "\"io.fums.test.leaf.v3\":{\"x\":1}"));
        packages.put("unhealthy", fx.leafFeature(pkgs, "3.2.0", "leaf-unhealthy", "\"io.fums.test.leaf.v3\":{\"x\":1}"));
        packages.put("badSignature", fx.leafFeature(pkgs, "4.0.0", "leaf-v2", "", true));
        List<Option> options = DistributionOptions.runtime(data);
        options.add(bundle(fx.bystanderJar().toUri().toString()).startLevel(15));
        options.add(systemProperty("fums.it.data").value(data.toString()));
        packages.forEach((k, v) -> options.add(systemProperty(PKG + k).value(v.toString())));
        return options.toArray(new Option[0]);
    }

    private static Path pkg(String name) {
        return Path.of(System.getProperty(PKG + name));
    }

    private Bundle installed(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Every bundle: id, name, version, state and last modification - the exact set. */
    private Map<Long, String> snapshot() {
        Map<Long, String> m = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            m.put(b.getBundleId(), b.getSymbolicName() + " " + b.getVersion() + " " + b.getState() + " " + b.getLastModified());
        }
        return m;
    }

    private InstalledBundle reported(String bsn) {
        return deployment.bundles().stream().filter(b -> bsn.equals(b.symbolicName())).findFirst().orElseThrow();
    }

    private List<String> bystanderLog() throws Exception {
        return Files.readAllLines(Path.of(System.getProperty("fums.it.data"), "bystander.log"));
    }

    private void assertRolledBack(SwapResult r, ErrorCode code, Map<Long, String> before, long generation) throws Exception {
        assertEquals(r.message(), SwapOutcome.ROLLED_BACK, r.outcome());
        assertEquals(r.message(), code, r.code());
        assertEquals("leaf 2.0.0 runs again", "2.0.0", installed(LEAF).getVersion().toString());
        assertEquals(Bundle.ACTIVE, installed(LEAF).getState());
        assertEquals("committed set unchanged", generation, deployment.committed().generation());
        assertEquals("2.0.0", deployment.committed().feature("leaf").orElseThrow().version());
        Map<Long, String> after = snapshot();
        assertEquals("same bundles", before.keySet().stream().filter(id -> !before.get(id).startsWith(LEAF + " ")
                && !before.get(id).startsWith(LIB + " ")).collect(java.util.stream.Collectors.toList()),
                after.keySet().stream().filter(id -> !after.get(id).startsWith(LEAF + " ")
                        && !after.get(id).startsWith(LIB + " ")).collect(java.util.stream.Collectors.toList()));
        assertNull("the failed swap's default configuration is gone",
                configAdmin.listConfigurations("(service.pid=io.fums.test.leaf.v3)"));
        SwapRecord last = deployment.history(1).get(0);
        assertEquals(r.txId(), last.txId());
        assertEquals(code.name(), last.code());
    }

    @Test
    public void a_goodUpdateCommitsAndTheNewVersionRuns() throws Exception {
        assertNull("no leaf before", installed(LEAF));
        SwapResult r1 = deployment.apply(pkg("v1"));
        assertEquals(r1.message(), SwapOutcome.COMMITTED, r1.outcome());
        assertEquals("1.0.0", installed(LEAF).getVersion().toString());
        assertEquals(Bundle.ACTIVE, installed(LEAF).getState());
        assertEquals(1, deployment.committed().generation());

        // the operator changes the feature's configuration; the next version's default must not overwrite it
        org.osgi.service.cm.Configuration settings = configAdmin.getConfiguration("io.fums.test.leaf.settings", "?");
        assertEquals("default-1", settings.getProperties().get("greeting"));
        Hashtable<String, Object> operator = new Hashtable<>();
        operator.put("greeting", "operator");
        settings.update(operator);

        SwapResult r2 = deployment.apply(pkg("v2"));
        assertEquals(r2.message(), SwapOutcome.COMMITTED, r2.outcome());
        assertEquals("2.0.0", installed(LEAF).getVersion().toString());
        assertEquals(Bundle.ACTIVE, installed(LEAF).getState());
        assertEquals(2, deployment.committed().generation());
        assertEquals("1.0.0", r2.fromVersion());
        assertEquals("operator", configAdmin.getConfiguration("io.fums.test.leaf.settings", "?").getProperties().get("greeting"));
    }

    @Test
    public void b_unresolvableBundleRollsBack() throws Exception {
        Map<Long, String> before = snapshot();
        assertRolledBack(deployment.apply(pkg("unresolvable")), ErrorCode.SWAP_RESOLVE_FAILED, before, 2);
    }

    @Test
    public void c_componentThatThrowsInActivateRollsBack() throws Exception {
        Map<Long, String> before = snapshot();
        SwapResult r = deployment.apply(pkg("failingActivate"));
        assertRolledBack(r, ErrorCode.SWAP_START_FAILED, before, 2);
        assertFalse("one line for people, the trace goes to the log: " + r.message(), r.message().contains("\n"));
        assertTrue(r.message(), r.message().contains("IllegalStateException: leaf 3.1.0 refuses to activate (test fixture)"));
    }

    @Test
    public void d_failingHealthCheckRollsBack() throws Exception {
        Map<Long, String> before = snapshot();
        assertRolledBack(deployment.apply(pkg("unhealthy")), ErrorCode.SWAP_UNHEALTHY, before, 2);
    }

    @Test
    public void e_badlySignedPackageTouchesNothing() throws Exception {
        Map<Long, String> before = snapshot();
        int history = deployment.history(1000).size();
        try {
            deployment.apply(pkg("badSignature"));
            fail("a package approved by an untrusted key was accepted");
        } catch (FumsException e) {
            assertEquals(e.getMessage(), ErrorCode.PKG_SIGNER_UNKNOWN, e.code());
        }
        assertEquals("no bundle changed at all", before, snapshot());
        assertEquals("no swap was started", history, deployment.history(1000).size());
        assertEquals(2, deployment.committed().generation());
    }

    @Test
    public void f_rollbackReturnsToThePreviousCommittedSet() throws Exception {
        SwapResult r = deployment.rollback();
        assertEquals(r.message(), SwapOutcome.COMMITTED, r.outcome());
        assertEquals("1.0.0", installed(LEAF).getVersion().toString());
        assertEquals(Bundle.ACTIVE, installed(LEAF).getState());
        assertEquals("1.0.0", deployment.committed().feature("leaf").orElseThrow().version());
    }

    @Test
    public void g_anOlderOrEqualVersionIsRefusedAsADowngrade() throws Exception {
        Map<Long, String> before = snapshot();
        try {
            deployment.apply(pkg("v1"));
            fail("re-installing the installed version was accepted");
        } catch (FumsException e) {
            assertEquals(e.getMessage(), ErrorCode.PKG_DOWNGRADE, e.code());
        }
        assertEquals(before, snapshot());
    }

    @Test
    public void h_theBystanderOutsideTheFeatureWasNeverRestarted() throws Exception {
        List<String> log = bystanderLog();
        assertEquals("one activation, no deactivation: " + log, List.of("activate"), log);
        assertNotNull(installed("io.fums.test.bystander"));
        assertEquals(Bundle.ACTIVE, installed("io.fums.test.bystander").getState());
        // what the DCU reports of a bundle (software.list) is the framework's truth
        Bundle bystander = installed("io.fums.test.bystander");
        InstalledBundle reported = reported("io.fums.test.bystander");
        assertEquals(bystander.getBundleId(), reported.bundleId());
        assertEquals(bystander.getLastModified(), reported.lastModified());
        assertTrue("started at most once, never again by a swap: " + reported, reported.starts() <= 1);
        org.osgi.framework.ServiceReference<SoftwareDeployment> service = context.getServiceReference(SoftwareDeployment.class);
        assertTrue(reported(service.getBundle().getSymbolicName()).serviceIds().contains(
                (Long) service.getProperty(Constants.SERVICE_ID)));
        assertFalse(deployment.history(20).isEmpty());
        assertTrue(deployment.history(20).stream().anyMatch(h -> h.outcome() == SwapOutcome.ROLLED_BACK));
    }
}
