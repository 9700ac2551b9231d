package io.fums.meter.reading.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value ReadingSettings#PID}; optional: the defaults work without any. */
@ObjectClassDefinition(id = ReadingSettings.PID, name = "FUMS meter reading",
        description = "The meter inventory and the periodic reads of every meter.")
public @interface ReadingConfig {

    /** The inventory file. */
    @AttributeDefinition(name = "Inventory file", description = "Path of the meter inventory JSON (docs/meters.md);"
            + " a relative path is relative to the framework property fums.conf.dir. A missing file means no meters.")
    String inventory() default "meters.json";

    /** The read period. */
    @AttributeDefinition(name = "Read interval (s)", min = "1", max = "86400",
            description = "Every meter is read once per interval; periods start at multiples of the interval.")
    int readIntervalSeconds() default 900;

    /** How long a read may wait for each answer. */
    @AttributeDefinition(name = "Read timeout (s)", min = "1", max = "600",
            description = "How long a read waits for the link and for each answer of the meter.")
    int readTimeoutSeconds() default 30;

    /** How long readings are kept. */
    @AttributeDefinition(name = "Retention (days)", min = "1", max = "3660",
            description = "Readings older than this are deleted.")
    int retentionDays() default 35;

    /** Parallel links. */
    @AttributeDefinition(name = "Read threads", min = "1", max = "64",
            description = "How many links are read at the same time (the meters of one link are read one after"
                    + " another).")
    int readThreads() default 4;

    /** The clock drift that raises an alarm. */
    @AttributeDefinition(name = "Clock drift bound (s)", min = "1", max = "86400",
            description = "A meter whose clock is further than this from the DCU's raises a CLOCK_DRIFT alarm"
                    + " (SEC-8), once per excursion.")
    int clockDriftSeconds() default ReadingSettings.DEFAULT_CLOCK_DRIFT_SECONDS;

    /** Consecutive refused associations that raise an alarm. */
    @AttributeDefinition(name = "Authentication failures", min = "1", max = "100",
            description = "Consecutive associations a meter refuses for authentication (or refused for its"
                    + " certificate's dates) that raise an AUTHENTICATION_FAILURES alarm (SEC-8), once per series.")
    int authFailureThreshold() default ReadingSettings.DEFAULT_AUTH_FAILURE_THRESHOLD;

    /** The window of the rate-limited alarms. */
    @AttributeDefinition(name = "Failure window (min)", min = "1", max = "1440",
            description = "Responses failing GCM authentication count within this window; after an alarm on"
                    + " refused responses (DECIPHER_FAILURES, COUNTER_REGRESSION) the meter stays quiet this long.")
    int failureWindowMinutes() default ReadingSettings.DEFAULT_FAILURE_WINDOW_MINUTES;

    /** Decipher failures within the window that raise an alarm. */
    @AttributeDefinition(name = "Decipher failures", min = "1", max = "1000",
            description = "Responses of one meter failing their GCM authentication within the failure window that"
                    + " raise a DECIPHER_FAILURES alarm (SEC-8).")
    int decipherThreshold() default ReadingSettings.DEFAULT_DECIPHER_THRESHOLD;

    /** How long ahead of a meter certificate's end the DCU warns. */
    @AttributeDefinition(name = "Certificate warning (days)", min = "0", max = "3660",
            description = "A high-ecdsa meter whose certificate ends within this many days raises a"
                    + " CERTIFICATE_EXPIRING warning (log, audit, alarm) once per DCU start; 0: no warning.")
    int certificateWarningDays() default ReadingSettings.DEFAULT_CERTIFICATE_WARNING_DAYS;
}
