package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The validated configuration of the meter-reading bundle.
 *
 * @param inventory    the inventory file, absolute
 * @param readInterval the read period
 * @param readTimeout  how long a read waits for the link and for each answer
 * @param retention    how long readings are kept
 * @param readThreads  links read at the same time
 * @param clockDrift   a meter clock further than this from the DCU's raises a {@code CLOCK_DRIFT} alarm
 */
record ReadingSettings(Path inventory, Duration readInterval, Duration readTimeout, Duration retention,
        int readThreads, Duration clockDrift) {

    /** The default of {@code clockDriftSeconds}. */
    static final int DEFAULT_CLOCK_DRIFT_SECONDS = 300;

    /** The configuration PID. */
    static final String PID = "io.fums.meter.reading";
    /** Framework (or system) property: the DCU's configuration folder. */
    static final String CONF_DIR_PROPERTY = "fums.conf.dir";

    /**
     * Validates a configuration.
     *
     * @param properties framework properties ({@link #CONF_DIR_PROPERTY})
     * @throws FumsException {@code CONFIG_INVALID} naming the field
     */
    static ReadingSettings from(ReadingConfig c, UnaryOperator<String> properties) throws FumsException {
        return of(c.inventory(), c.readIntervalSeconds(), c.readTimeoutSeconds(), c.retentionDays(), c.readThreads(),
                properties.apply(CONF_DIR_PROPERTY), c.clockDriftSeconds());
    }

    static ReadingSettings of(String inventory, long intervalSeconds, long timeoutSeconds, long retentionDays,
            int threads, String confDir) throws FumsException {
        return of(inventory, intervalSeconds, timeoutSeconds, retentionDays, threads, confDir,
                DEFAULT_CLOCK_DRIFT_SECONDS);
    }

    static ReadingSettings of(String inventory, long intervalSeconds, long timeoutSeconds, long retentionDays,
            int threads, String confDir, long clockDriftSeconds) throws FumsException {
        range("clockDriftSeconds", clockDriftSeconds, 1, 86_400);
        range("readIntervalSeconds", intervalSeconds, 1, 86_400);
        range("readTimeoutSeconds", timeoutSeconds, 1, 600);
        range("retentionDays", retentionDays, 1, 3660);
        range("readThreads", threads, 1, 64);
        if (inventory == null || inventory.isBlank()) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, PID + ": inventory must name a file");
        }
        Path file;
        try {
            file = Path.of(inventory);
            if (!file.isAbsolute()) {
                file = (confDir == null || confDir.isBlank() ? Path.of("") : Path.of(confDir)).resolve(file);
            }
        } catch (InvalidPathException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, PID + ": inventory is not a path: " + e.getMessage());
        }
        return new ReadingSettings(file.toAbsolutePath().normalize(), Duration.ofSeconds(intervalSeconds),
                Duration.ofSeconds(timeoutSeconds), Duration.ofDays(retentionDays), threads,
                Duration.ofSeconds(clockDriftSeconds));
    }

    private static void range(String name, long v, long min, long max) throws FumsException {
        if (v < min || v > max) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, PID + ": " + name + " must be " + min + ".." + max
                    + ", not " + v);
        }
    }
}
