package io.fums.features.dcu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The packaged bundles of the distribution, installed from the staged
 * bundles/ folder at the start levels of runtime.feature, run in a forked
 * Felix: every bundle is active and every DS component is satisfied (CARD-1, CARD-5); the cloud link,
 * configured for TLS with a client certificate, answers its health check (SEC-1, SEC-5).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DcuRuntimeIT {

    /** How long the framework may take to start every bundle and component. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private HealthCheckExecutor healthChecks;

    @Configuration
    public Option[] config() throws Exception {
        Path data = Path.of(System.getProperty("java.io.tmpdir"), "dcu-it-data");
        List<Option> options = DistributionOptions.runtime(data);
        options.addAll(DistributionOptions.awaitility());
        return options.toArray(new Option[0]);
    }

    /** A wait of at most {@link #SETTLE} for the framework to settle, polled in the test thread. */
    private static ConditionFactory settle(String what) {
        return Awaitility.await(what)
                .atMost(SETTLE)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100));
    }

    @Test
    public void everyBundleOfTheDistributionIsActive() {
        Set<String> expected = new TreeSet<>(Arrays.asList(System.getProperty(DistributionOptions.EXPECTED_BUNDLES).split(",")));
        assertTrue("the runtime lists bundles", expected.size() > 20);
        settle("every bundle of runtime.feature active").untilAsserted(() -> {
            List<String> notActive = new ArrayList<>();
            Set<String> found = new TreeSet<>();
            for (Bundle b : context.getBundles()) {
                String name = b.getSymbolicName();
                if (!expected.contains(name)) {
                    continue;
                }
                found.add(name);
                boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                if (fragment ? b.getState() != Bundle.RESOLVED : b.getState() != Bundle.ACTIVE) {
                    notActive.add(b.getSymbolicName() + " state " + b.getState());
                }
            }
            assertEquals("bundles of runtime.feature installed (by symbolic name)", expected, found);
            assertTrue("not active: " + notActive, notActive.isEmpty());
        });
    }

    /**
     * ARC-4 (issue 14): the meter-upgrade agent is wired to the meter-access API, never to the meter reading, so a
     * swap of the reading bundle (update, then refresh of its dependency closure) does not refresh the agent; a swap
     * of the access bundle would.
     */
    @Test
    public void arc4ASwapOfTheMeterReadingDoesNotRefreshTheMeterUpgradeAgent() {
        settle("the meter bundles resolved").untilAsserted(() -> {
            for (String name : List.of("io.fums.meter.access", "io.fums.meter.reading", "io.fums.meter.upgrade")) {
                assertTrue(name + " resolved", (bundle(name).getState() & (Bundle.RESOLVED | Bundle.STARTING
                        | Bundle.ACTIVE)) != 0);
            }
        });
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        Bundle upgrade = bundle("io.fums.meter.upgrade");
        Collection<Bundle> withReading = wiring.getDependencyClosure(List.of(bundle("io.fums.meter.reading")));
        assertFalse("refreshed with io.fums.meter.reading: " + withReading, withReading.contains(upgrade));
        Collection<Bundle> withAccess = wiring.getDependencyClosure(List.of(bundle("io.fums.meter.access")));
        assertTrue("refreshed with io.fums.meter.access: " + withAccess,
                withAccess.contains(upgrade) && withAccess.contains(bundle("io.fums.meter.reading")));
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    @Test
    public void everyDeclarativeServicesComponentIsSatisfied() {
        AtomicInteger checked = new AtomicInteger();
        settle("every DS component satisfied").untilAsserted(() -> {
            List<String> problems = new ArrayList<>();
            checked.set(0);
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!scr.isComponentEnabled(d)) {
                    problems.add(d.name + " is disabled");
                    continue;
                }
                var configs = scr.getComponentConfigurationDTOs(d);
                if (configs.isEmpty() && !"require".equals(d.configurationPolicy)) {
                    problems.add(d.name + " has no configuration");
                }
                for (ComponentConfigurationDTO c : configs) {
                    checked.incrementAndGet();
                    if (c.state != ComponentConfigurationDTO.SATISFIED && c.state != ComponentConfigurationDTO.ACTIVE) {
                        problems.add(d.name + " (bundle " + d.bundle.symbolicName + ") is in state " + c.state
                                + (c.failure == null ? "" : ": " + c.failure));
                    }
                }
            }
            assertTrue("components not satisfied: " + problems, problems.isEmpty());
        });
        assertTrue("some components were checked (" + checked + ")", checked.get() > 5);
    }

    @Test
    public void defaultConfigurationWasApplied() {
        settle("the default configuration of conf/config configured the bundles-started health check")
                .until(() -> scr.getComponentDescriptionDTOs().stream()
                        .filter(d -> d.name.equals("org.apache.felix.hc.generalchecks.BundlesStartedCheck"))
                        .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                        .anyMatch(c -> "FUMS bundles started".equals(c.properties.get("hc.name"))));
    }

    @Test
    public void theSystemReadyHealthChecksPass() {
        settle("the shipped systemready health checks pass").untilAsserted(() -> {
            List<HealthCheckExecutionResult> results = healthChecks.execute(HealthCheckSelector.tags("systemready"),
                    new HealthCheckExecutionOptions().setForceInstantExecution(true));
            List<String> problems = new ArrayList<>();
            for (HealthCheckExecutionResult r : results) {
                if (!r.getHealthCheckResult().isOk()) {
                    problems.add(r.getHealthCheckMetadata().getName() + ": " + r.getHealthCheckResult());
                }
            }
            assertEquals("the shipped systemready checks run", 2, results.size());
            assertTrue("health checks not OK: " + problems, problems.isEmpty());
        });
    }

    /**
     * SEC-1, SEC-5: the cloud link's health check and its configuration's are registered (tag cloud) and OK on TLS
     * with a client certificate.
     */
    @Test
    public void theCloudLinkHealthCheckIsOkOnTlsWithAClientCertificate() {
        settle("the cloud link's health check answers").untilAsserted(() -> {
            List<HealthCheckExecutionResult> results = healthChecks.execute(HealthCheckSelector.tags("cloud"),
                    new HealthCheckExecutionOptions().setForceInstantExecution(true));
            assertEquals("the link's and its configuration's health checks", 2, results.size());
            for (HealthCheckExecutionResult r : results) {
                assertTrue(r.getHealthCheckResult().toString(), r.getHealthCheckResult().isOk());
            }
        });
    }
}
