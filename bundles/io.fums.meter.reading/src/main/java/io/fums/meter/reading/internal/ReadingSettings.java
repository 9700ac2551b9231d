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
 * @param anomaly      the bounds of the SEC-8 anomaly rules
 */
record ReadingSettings(Path inventory, Duration readInterval, Duration readTimeout, Duration retention,
        int readThreads, Limits anomaly) {

    /** The default of {@code clockDriftSeconds}. */
    static final int DEFAULT_CLOCK_DRIFT_SECONDS = 300;
    /** The default of {@code authFailureThreshold}. */
    static final int DEFAULT_AUTH_FAILURE_THRESHOLD = 3;
    /** The default of {@code failureWindowMinutes}. */
    static final int DEFAULT_FAILURE_WINDOW_MINUTES = 10;
    /** The default of {@code decipherThreshold}. */
    static final int DEFAULT_DECIPHER_THRESHOLD = 5;
    /** The default of {@code certificateWarningDays}. */
    static final int DEFAULT_CERTIFICATE_WARNING_DAYS = 30;

    /**
     * The bounds of the SEC-8 anomaly rules ({@link AnomalyMonitor}).
     *
     * @param clockDrift           a meter clock further than this from the DCU's raises {@code CLOCK_DRIFT}
     * @param authFailureThreshold consecutive refused associations that raise {@code AUTHENTICATION_FAILURES}
     * @param failureWindow        the window of decipher failures, and the quiet time after a refused-response alarm
     * @param decipherThreshold    responses failing GCM within the window that raise {@code DECIPHER_FAILURES}
     * @param certificateWarning   a meter certificate ending within this is warned about (zero: never)
     */
    record Limits(Duration clockDrift, int authFailureThreshold, Duration failureWindow, int decipherThreshold,
            Duration certificateWarning) {

        /** Today's values. */
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(DEFAULT_CLOCK_DRIFT_SECONDS),
                DEFAULT_AUTH_FAILURE_THRESHOLD, Duration.ofMinutes(DEFAULT_FAILURE_WINDOW_MINUTES),
                DEFAULT_DECIPHER_THRESHOLD, Duration.ofDays(DEFAULT_CERTIFICATE_WARNING_DAYS));

        /**
         * Validates the bounds.
         *
         * @throws FumsException {@code CONFIG_INVALID} naming the field
         */
        static Limits of(long clockDriftSeconds, long authFailureThreshold, long failureWindowMinutes,
                long decipherThreshold, long certificateWarningDays) throws FumsException {
            range("clockDriftSeconds", clockDriftSeconds, 1, 86_400);
            range("authFailureThreshold", authFailureThreshold, 1, 100);
            range("failureWindowMinutes", failureWindowMinutes, 1, 1440);
            range("decipherThreshold", decipherThreshold, 1, 1000);
            range("certificateWarningDays", certificateWarningDays, 0, 3660);
            return new Limits(Duration.ofSeconds(clockDriftSeconds), (int) authFailureThreshold,
                    Duration.ofMinutes(failureWindowMinutes), (int) decipherThreshold,
                    Duration.ofDays(certificateWarningDays));
        }
    }

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
                properties.apply(CONF_DIR_PROPERTY), Limits.of(c.clockDriftSeconds(), c.authFailureThreshold(),
                        c.failureWindowMinutes(), c.decipherThreshold(), c.certificateWarningDays()));
    }

    static ReadingSettings of(String inventory, long intervalSeconds, long timeoutSeconds, long retentionDays,
            int threads, String confDir) throws FumsException {
        return of(inventory, intervalSeconds, timeoutSeconds, retentionDays, threads, confDir, Limits.DEFAULT);
    }

    static ReadingSettings of(String inventory, long intervalSeconds, long timeoutSeconds, long retentionDays,
            int threads, String confDir, Limits anomaly) throws FumsException {
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
                Duration.ofSeconds(timeoutSeconds), Duration.ofDays(retentionDays), threads, anomaly);
    }

    private static void range(String name, long v, long min, long max) throws FumsException {
        if (v < min || v > max) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, PID + ": " + name + " must be " + min + ".." + max
                    + ", not " + v);
        }
    }
}
