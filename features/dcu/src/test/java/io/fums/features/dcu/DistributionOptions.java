package io.fums.features.dcu;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.fums.api.software.BundleJar;
import io.fums.emulator.broker.BrokerPki;
import io.fums.launcher.RuntimeDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that run the staged distribution's bundles, at the start
 * levels of runtime.feature, with the framework properties the launcher sets.
 * Runs in the host JVM (in {@code @Configuration} methods).
 */
final class DistributionOptions {

    /** System property that hands the test methods (inside the framework) the runtime's symbolic names. */
    static final String EXPECTED_BUNDLES = "fums.it.expectedBundles";

    private DistributionOptions() {
    }

    static List<Option> runtime(Path dataDir) throws IOException {
        RuntimeDescriptor descriptor = Distribution.descriptor();
        List<Option> options = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RuntimeDescriptor.Entry e : descriptor.entries()) {
            Path jar = Distribution.bundles().resolve(e.fileName());
            options.add(bundle(jar.toUri().toString()).startLevel(e.startLevel()));
            names.add(symbolicName(jar));
        }
        // the distribution's own framework properties (those without launcher-set references)
        java.util.Properties fw = fw();
        for (String key : fw.stringPropertyNames()) {
            if (!fw.getProperty(key).contains("${") && !key.equals("gosh.args")) {
                options.add(frameworkProperty(key).value(fw.getProperty(key)));
            }
        }
        options.add(frameworkStartLevel(Integer.parseInt(fw.getProperty("fums.startlevel", "30"))));
        options.add(frameworkProperty("fums.home").value(Distribution.staging().toString()));
        options.add(frameworkProperty("fums.conf.dir").value(conf(dataDir).toString()));
        options.add(frameworkProperty("fums.data.dir").value(dataDir.toString()));
        options.add(frameworkProperty("felix.cm.dir").value(dataDir.resolve("config").toString()));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        // Pax Exam installs pax-logging-api, which logs at DEBUG to the console unless told otherwise
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty(EXPECTED_BUNDLES).value(String.join(",", names)));
        options.add(junitBundles());
        return options;
    }

    /**
     * A copy of the staged distribution's conf beside {@code dataDir}, with the cloud link configured as the
     * secure default wants it (ssl://, a client certificate of a throwaway PKI, {@link CloudTls}): no broker
     * listens there, so the link stays active and unconnected, as on a DCU whose broker is away.
     */
    private static Path conf(Path dataDir) throws IOException {
        Path conf = dataDir.resolveSibling(dataDir.getFileName() + "-conf");
        if (!java.nio.file.Files.exists(conf)) {
            DcuProcess.copyTree(Distribution.staging().resolve("conf"), conf);
        }
        BrokerPki pki = BrokerPki.create(dataDir.resolveSibling(dataDir.getFileName() + "-pki"));
        return new CloudTls(pki, "ssl://localhost:8883").configure(conf, fw().getProperty("fums.dcu.id"));
    }

    /**
     * Awaitility and the org.hamcrest 2 it imports, for tests that wait on a
     * condition inside the framework (the probe uses Awaitility directly: the
     * fums-test-support jar is not a bundle). Resolved by mvn: URL from the
     * local repository, where the build pre-fetched them.
     */
    static List<Option> awaitility() {
        return List.of(
                mavenBundle("org.hamcrest", "hamcrest", required("fums.it.hamcrestVersion")),
                mavenBundle("org.awaitility", "awaitility", required("fums.it.awaitilityVersion")));
    }

    private static java.util.Properties fw() throws IOException {
        java.util.Properties fw = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(Distribution.staging().resolve("conf/framework.properties"))) {
            fw.load(in);
        }
        return fw;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run by failsafe)");
        }
        return value;
    }

    static String symbolicName(Path jar) throws IOException {
        return BundleJar.read(jar).orElseThrow(() -> new IOException(jar + " is not a bundle")).symbolicName();
    }
}
