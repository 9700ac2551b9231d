package io.fums.deploy.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a swapped-in feature is healthy: its bundles are active,
 * every Declarative Services component of those bundles is satisfied (a
 * component whose activate method threw fails the gate at once), and the
 * Felix health checks with the feature's tags all pass. Polls until healthy
 * or the timeout.
 */
final class HealthGate {

    private static final Logger LOG = LoggerFactory.getLogger(HealthGate.class);

    private static final long POLL_MILLIS = 50;

    private final ServiceComponentRuntime scr;
    private final HealthCheckExecutor healthChecks;

    HealthGate(ServiceComponentRuntime scr, HealthCheckExecutor healthChecks) {
        this.scr = scr;
        this.healthChecks = healthChecks;
    }

    void await(Collection<Bundle> bundles, List<String> tags, long timeoutMillis) throws FumsException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String problem;
        while (true) {
            problem = bundleProblem(bundles);
            if (problem == null) {
                problem = componentProblem(bundles);
            }
            if (problem == null && !tags.isEmpty()) {
                problem = healthCheckProblem(tags);
            }
            if (problem == null) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new FumsException(ErrorCode.SWAP_UNHEALTHY, "not healthy after " + timeoutMillis + " ms: " + problem);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FumsException(ErrorCode.SWAP_UNHEALTHY, "interrupted while waiting for health", e);
            }
        }
    }

    /**
     * The one line of a stack trace that says why: its last {@code Caused by:}
     * line, else its first line (at most 300 characters). The whole trace goes
     * to the DCU's log, not into messages for people.
     */
    static String rootCause(String trace) {
        if (trace == null || trace.isBlank()) {
            return "no reason given";
        }
        String why = null;
        for (String line : trace.split("\\R")) {
            String l = line.strip();
            if (why == null && !l.isEmpty()) {
                why = l;
            } else if (l.startsWith("Caused by: ")) {
                why = l.substring("Caused by: ".length());
            }
        }
        return why.length() <= 300 ? why : why.substring(0, 299) + "\u2026";
    }

    private static String bundleProblem(Collection<Bundle> bundles) {
        List<String> notActive = bundles.stream().filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " is " + state(b.getState())).collect(Collectors.toList());
        return notActive.isEmpty() ? null : String.join(", ", notActive);
    }

    private String componentProblem(Collection<Bundle> bundles) throws FumsException {
        Set<Long> ids = bundles.stream().map(Bundle::getBundleId).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!ids.contains(d.bundle.id)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    LOG.warn("component {} of {} failed to activate: {}", d.name, d.bundle.symbolicName, c.failure);
                    throw new FumsException(ErrorCode.SWAP_START_FAILED, "component " + d.name + " of "
                            + d.bundle.symbolicName + " failed to activate: " + rootCause(c.failure));
                }
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add("component " + d.name + " is unsatisfied" + (c.unsatisfiedReferences.length > 0
                            ? " (missing " + c.unsatisfiedReferences[0].name + ")" : ""));
                }
            }
        }
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    private String healthCheckProblem(List<String> tags) {
        List<HealthCheckExecutionResult> results = healthChecks.execute(HealthCheckSelector.tags(tags.toArray(new String[0])),
                new HealthCheckExecutionOptions().setForceInstantExecution(true));
        if (results.isEmpty()) {
            return "no health check is registered with tags " + tags;
        }
        List<String> failing = new ArrayList<>();
        for (HealthCheckExecutionResult r : results) {
            Result.Status status = r.getHealthCheckResult().getStatus();
            if (status != Result.Status.OK && status != Result.Status.WARN) {
                failing.add("health check '" + r.getHealthCheckMetadata().getName() + "' is " + status);
            }
        }
        return failing.isEmpty() ? null : String.join(", ", failing);
    }

    private static String state(int s) {
        switch (s) {
            case Bundle.INSTALLED: return "INSTALLED (unresolved)";
            case Bundle.RESOLVED: return "RESOLVED (not started)";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "UNINSTALLED";
        }
    }
}
