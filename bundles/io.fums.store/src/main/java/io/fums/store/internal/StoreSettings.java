package io.fums.store.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The validated configuration of the store bundle (PID {@value #PID}),
 * parsed from {@link StoreComponent.Config} without OSGi.
 */
public final class StoreSettings {

    /** The configuration PID shared by the store's components. */
    public static final String PID = "io.fums.store";
    /** The framework (or system) property naming the data directory. */
    public static final String DATA_DIR_PROPERTY = "fums.data.dir";
    /** The data directory when nothing else names one. */
    public static final String DEFAULT_DATA_DIR = "/var/lib/fums";

    private final Path dataDir;
    private final int busyTimeoutMillis;
    private final int readConnections;
    private final Duration nonceGrace;
    private final long reserveBytes;

    private StoreSettings(Path dataDir, int busyTimeoutMillis, int readConnections, Duration nonceGrace,
                          long reserveBytes) {
        this.dataDir = dataDir;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.readConnections = readConnections;
        this.nonceGrace = nonceGrace;
        this.reserveBytes = reserveBytes;
    }

    /**
     * Validates a configuration.
     *
     * @param config the configuration
     * @param frameworkProperty looks up a framework property (null if unset)
     * @param systemProperty looks up a system property (null if unset)
     * @return the settings
     * @throws FumsException {@code CONFIG_INVALID} naming the bad value
     */
    public static StoreSettings from(StoreComponent.Config config, UnaryOperator<String> frameworkProperty,
            UnaryOperator<String> systemProperty) throws FumsException {
        Path dir = dataDir(config.data_dir(), frameworkProperty, systemProperty);
        if (config.busy_timeout_ms() < 0 || config.busy_timeout_ms() > 600_000) {
            throw invalid("busy.timeout.ms must be 0..600000: " + config.busy_timeout_ms());
        }
        if (config.read_connections() < 1 || config.read_connections() > 16) {
            throw invalid("read.connections must be 1..16: " + config.read_connections());
        }
        if (config.nonce_grace_seconds() < 0 || config.nonce_grace_seconds() > 366L * 24 * 3600) {
            throw invalid("nonce.grace.seconds must be 0..31622400: " + config.nonce_grace_seconds());
        }
        if (config.reserve_megabytes() < 0 || config.reserve_megabytes() > 1_048_576) {
            throw invalid("reserve.megabytes must be 0..1048576: " + config.reserve_megabytes());
        }
        return new StoreSettings(dir, config.busy_timeout_ms(), config.read_connections(),
                Duration.ofSeconds(config.nonce_grace_seconds()), config.reserve_megabytes() * 1024 * 1024);
    }

    /**
     * The data directory: the configured one, else the framework property
     * {@value #DATA_DIR_PROPERTY}, else the system property of that name, else
     * {@value #DEFAULT_DATA_DIR}. Blank values count as unset.
     *
     * @throws FumsException {@code CONFIG_INVALID} if the chosen value is not an absolute path
     */
    static Path dataDir(String configured, UnaryOperator<String> frameworkProperty,
            UnaryOperator<String> systemProperty) throws FumsException {
        String source = "configuration data.dir";
        String value = configured;
        if (isBlank(value)) {
            source = "framework property " + DATA_DIR_PROPERTY;
            value = frameworkProperty.apply(DATA_DIR_PROPERTY);
        }
        if (isBlank(value)) {
            source = "system property " + DATA_DIR_PROPERTY;
            value = systemProperty.apply(DATA_DIR_PROPERTY);
        }
        if (isBlank(value)) {
            source = "default";
            value = DEFAULT_DATA_DIR;
        }
        Path p;
        try {
            p = Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw invalid("data directory from " + source + " is not a valid path: " + value);
        }
        if (!p.isAbsolute()) {
            throw invalid("data directory from " + source + " must be an absolute path: " + value);
        }
        return p.normalize();
    }

    /** The data directory, absolute. */
    public Path dataDir() {
        return dataDir;
    }

    /** SQLite busy timeout. */
    public int busyTimeoutMillis() {
        return busyTimeoutMillis;
    }

    /** The most read connections open at once. */
    public int readConnections() {
        return readConnections;
    }

    /** How long after its expiry a nonce is kept. */
    public Duration nonceGrace() {
        return nonceGrace;
    }

    /** The data folder's free space kept for small durable writes (since store 1.1). */
    public long reserveBytes() {
        return reserveBytes;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static FumsException invalid(String message) {
        return new FumsException(ErrorCode.CONFIG_INVALID, PID + ": " + message);
    }
}
