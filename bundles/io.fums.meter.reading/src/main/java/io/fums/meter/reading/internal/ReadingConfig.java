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
}
