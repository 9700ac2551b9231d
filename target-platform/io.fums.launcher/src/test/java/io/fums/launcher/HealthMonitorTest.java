package io.fums.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Issue 18: the status file says the DCU's health beside its process state. Real Felix health checks registered in
 * a real Felix framework, read by the launcher's monitor (by reflection, as on the DCU's flat classpath), written
 * into a real status file: {@code state} stays {@code up}, {@code health} and {@code health.reason} follow the
 * checks, one log line a change.
 */
@Tag("UMS-3")
@Tag("ARC-4")
class HealthMonitorTest {

    @TempDir
    Path dir;

    private Framework felix;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage().startsWith("FUMS-DCU health")) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startFelix() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        felix = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        felix.start();
        Logger.getLogger("io.fums.launcher").addHandler(capture);
    }

    @AfterEach
    void stopFelix() throws Exception {
        Logger.getLogger("io.fums.launcher").removeHandler(capture);
        felix.stop();
        felix.waitForStop(10_000);
    }

    private void register(String name, HealthCheck check) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(HealthCheck.NAME, name);
        felix.getBundleContext().registerService(HealthCheck.class, check, p);
    }

    private Properties status() throws Exception {
        return StatusFileTest.read(dir.resolve("run"));
    }

    @Test
    void issue18_theStatusFileSaysDegradedWithTheFailingChecksWhileStateStaysUpAndOkWhenTheyPassAgain() throws Exception {
        AtomicReference<Result> inventory = new AtomicReference<>(inventoryProblem());
        register("FUMS meter inventory", inventory::get);
        register("FUMS cloud link", () -> new Result(Result.Status.OK, "TLS link with a client certificate"));
        register("Broken check", () -> {
            throw new IllegalStateException("no database");
        });
        BundleContext ctx = felix.getBundleContext();
        StatusFile status = new StatusFile(dir.resolve("run"));
        status.recordPreviousRun();
        status.write("up", Map.of("bundles.total", "30"));

        AtomicInteger runs = new AtomicInteger();
        try (HealthChecks checks = new HealthChecks(ctx); HealthMonitor monitor = new HealthMonitor(() -> {
            runs.incrementAndGet();
            return checks.run();
        }, status, Duration.ofMillis(50))) {
            monitor.start();
            Conditions.await("health degraded in the status file").until(() -> "degraded".equals(status().getProperty("health")));
            Properties p = status();
            assertThat(p.getProperty("state")).as("the process life cycle is not the health").isEqualTo("up");
            assertThat(p.getProperty("bundles.total")).isEqualTo("30");
            assertThat(p.getProperty("health.checks")).isEqualTo("3");
            assertThat(p.getProperty("health.reason"))
                    .isEqualTo("Broken check: HEALTH_CHECK_ERROR the check failed: java.lang.IllegalStateException: no "
                            + "database; FUMS meter inventory: WARN degraded: meters.json: not JSON at line 1 column 2");
            int seen = runs.get();
            Conditions.await("five more periods").until(() -> runs.get() >= seen + 5);
            assertThat(logged).as("one line a change, not one a period").hasSize(1);

            inventory.set(new Result(Result.Status.OK, "12 meters from meters.json"));
            Conditions.await("the reason follows the checks").until(() -> status().getProperty("health.reason").equals(
                    "Broken check: HEALTH_CHECK_ERROR the check failed: java.lang.IllegalStateException: no database"));
            assertThat(status().getProperty("health")).isEqualTo("degraded");
        }
        assertThat(logged).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.WARNING);
        assertThat(logged.get(0).getMessage()).startsWith("FUMS-DCU health degraded: Broken check: HEALTH_CHECK_ERROR");
        assertThat(logged.get(1).getMessage()).doesNotContain("meter inventory");
    }

    @Test
    void issue18_backToOkIsOneInfoLineAndTheReasonIsEmptied() throws Exception {
        AtomicReference<Result> inventory = new AtomicReference<>(inventoryProblem());
        register("FUMS meter inventory", inventory::get);
        StatusFile status = new StatusFile(dir.resolve("run"));
        status.recordPreviousRun();
        status.write("up", Map.of());
        try (HealthChecks checks = new HealthChecks(felix.getBundleContext());
             HealthMonitor monitor = new HealthMonitor(checks::run, status, Duration.ofMillis(50))) {
            assertThat(monitor.check().ok()).isFalse();
            monitor.start();
            inventory.set(new Result(Result.Status.OK, "12 meters from meters.json"));
            Conditions.await("health ok again").until(() -> "ok".equals(status().getProperty("health")));
            assertThat(status().getProperty("health.reason")).isEmpty();
            assertThat(status().getProperty("state")).isEqualTo("up");
        }
        assertThat(logged).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
        assertThat(logged.get(1).getMessage()).isEqualTo("FUMS-DCU health ok: 1 health checks pass");
    }

    @Test
    void issue18_theReasonIsOneBoundedLine() {
        String manyLines = "line one\nline two\r\n\tline three " + "x".repeat(500);
        List<HealthChecks.Verdict> verdicts = List.of(
                new HealthChecks.Verdict("a", "CRITICAL", false, manyLines),
                new HealthChecks.Verdict("b", "WARN", false, manyLines),
                new HealthChecks.Verdict("c", "WARN", false, manyLines),
                new HealthChecks.Verdict("d", "WARN", false, manyLines),
                new HealthChecks.Verdict("e", "OK", true, "fine"));
        HealthMonitor.Health h = HealthMonitor.judge(verdicts);
        assertThat(h.ok()).isFalse();
        assertThat(h.checks()).isEqualTo(5);
        assertThat(h.reason()).hasSize(HealthMonitor.MAX_REASON_CHARS).doesNotContain("\n", "\r", "\t")
                .startsWith("a: CRITICAL line one line two line three xxx").contains("; b: WARN line one").endsWith("...");
        assertThat(HealthMonitor.judge(List.of()).ok()).as("no checks registered yet: nothing says degraded").isTrue();
    }

    @Test
    void issue18_onceTheDcuStopsNoHealthIsWritten() throws Exception {
        register("FUMS meter inventory", HealthMonitorTest::inventoryProblem);
        StatusFile status = new StatusFile(dir.resolve("run"));
        status.recordPreviousRun();
        status.write("up", Map.of());
        HealthChecks checks = new HealthChecks(felix.getBundleContext());
        HealthMonitor monitor = new HealthMonitor(checks::run, status, Duration.ofMillis(50));
        monitor.check();
        assertThat(status().getProperty("health")).isEqualTo("degraded");
        monitor.close();
        checks.close();
        status.endHealth();
        status.write("stopping", Map.of());
        monitor.check();
        Properties p = status();
        assertThat(p.getProperty("state")).isEqualTo("stopping");
        assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("health"));
    }

    /**
     * A check whose component cannot activate (DS then answers getService with null and logs why) is reported as
     * failing, and its service is asked for once, not once a period: each ask would make DS try and log again (seen
     * on the DCU: "cloud link not started" every 5 s before this).
     */
    @Test
    void issue18_aCheckThatCannotActivateIsDegradedAndNotRetriedEveryPeriod() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(HealthCheck.NAME, "FUMS cloud link");
        felix.getBundleContext().registerService(HealthCheck.class.getName(), new ServiceFactory<Object>() {
            @Override
            public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
                gets.incrementAndGet();
                return null; // as SCR does for a component whose activation throws
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
            }
        }, p);
        StatusFile status = new StatusFile(dir.resolve("run"));
        status.recordPreviousRun();
        status.write("up", Map.of());
        AtomicInteger runs = new AtomicInteger();
        try (HealthChecks checks = new HealthChecks(felix.getBundleContext());
             HealthMonitor monitor = new HealthMonitor(() -> {
                 runs.incrementAndGet();
                 return checks.run();
             }, status, Duration.ofMillis(20))) {
            monitor.start();
            Conditions.await("five periods").until(() -> runs.get() >= 5);
            assertThat(status().getProperty("health")).isEqualTo("degraded");
            assertThat(status().getProperty("health.reason")).isEqualTo("FUMS cloud link: HEALTH_CHECK_ERROR the check is "
                    + "not available: its component did not activate (the reason is in the DCU log)");
        }
        assertThat(gets).as("asked once, when registered").hasValue(1);
    }

    /** A check that logs several lines, as the meter inventory and the general checks do. */
    private static Result inventoryProblem() {
        FormattingResultLog log = new FormattingResultLog();
        log.debug("looked at {}", "meters.json");
        log.warn("degraded: meters.json: not JSON at line 1 column 2");
        log.warn("0 meters");
        return new Result(log);
    }
}
