package io.fums.features.dcu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The packaged bundles of the distribution, installed from the staged
 * bundles/ folder at the start levels of runtime.feature, run in a forked
 * Felix: every bundle is active and every DS component is satisfied (CARD-1, CARD-5).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DcuRuntimeIT {

    private static final long SETTLE_MILLIS = TimeUnit.SECONDS.toMillis(20);

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private HealthCheckExecutor healthChecks;

    @Configuration
    public Option[] config() throws Exception {
        Path data = Path.of(System.getProperty("java.io.tmpdir"), "dcu-it-data");
        return DistributionOptions.runtime(data).toArray(new Option[0]);
    }

    @Test
    public void everyBundleOfTheDistributionIsActive() throws Exception {
        Set<String> expected = new TreeSet<>(Arrays.asList(System.getProperty(DistributionOptions.EXPECTED_BUNDLES).split(",")));
        assertTrue("the runtime lists bundles", expected.size() > 20);
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        List<String> notActive;
        do {
            notActive = new ArrayList<>();
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
            if (notActive.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertTrue("not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void everyDeclarativeServicesComponentIsSatisfied() throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        List<String> problems;
        int checked;
        do {
            problems = new ArrayList<>();
            checked = 0;
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
                    checked++;
                    if (c.state != ComponentConfigurationDTO.SATISFIED && c.state != ComponentConfigurationDTO.ACTIVE) {
                        problems.add(d.name + " (bundle " + d.bundle.symbolicName + ") is in state " + c.state
                                + (c.failure == null ? "" : ": " + c.failure));
                    }
                }
            }
            if (problems.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertTrue("components not satisfied: " + problems, problems.isEmpty());
        assertTrue("some components were checked (" + checked + ")", checked > 5);
    }

    @Test
    public void defaultConfigurationWasApplied() throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        boolean found = false;
        while (!found && System.currentTimeMillis() < deadline) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.name.equals("org.apache.felix.hc.generalchecks.BundlesStartedCheck")) {
                    found = scr.getComponentConfigurationDTOs(d).stream()
                            .anyMatch(c -> "FUMS bundles started".equals(c.properties.get("hc.name")));
                }
            }
            if (!found) {
                Thread.sleep(100);
            }
        }
        assertTrue("the default configuration of conf/config configured the bundles-started health check", found);
    }

    @Test
    public void theSystemReadyHealthChecksPass() throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        List<String> problems;
        List<HealthCheckExecutionResult> results;
        do {
            results = healthChecks.execute(HealthCheckSelector.tags("systemready"),
                    new HealthCheckExecutionOptions().setForceInstantExecution(true));
            problems = new ArrayList<>();
            for (HealthCheckExecutionResult r : results) {
                if (!r.getHealthCheckResult().isOk()) {
                    problems.add(r.getHealthCheckMetadata().getName() + ": " + r.getHealthCheckResult());
                }
            }
            if (problems.isEmpty() && results.size() >= 2) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertEquals("the shipped systemready checks run", 2, results.size());
        assertTrue("health checks not OK: " + problems, problems.isEmpty());
    }
}
