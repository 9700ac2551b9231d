package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.testsupport.MutableClock;
import io.fums.testsupport.SteppingTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, clock steps: the rate limit of the meter anomaly alarms (SEC-8,
 * SEC-9) runs on monotonic time. The DCU's wall clock stepped 6 hours back
 * right after an alarm must not silence the next one for 6 hours; stepped
 * forward, it must not end the quiet time early.
 *
 * <p>Regression: {@link FailureSeries} judged its window and quiet time on the
 * wall clock: after a 6 h step back the second counter-regression alarm
 * (one window of real time later) was not raised.
 */
@Tag("SEC-8")
@Tag("SEC-9")
class AnomalyAlarmClockStepTest {

    private static final Duration SIX_HOURS = Duration.ofHours(6);

    @TempDir
    Path dir;

    private final SteppingTime time = new SteppingTime(Instant.parse("2026-12-07T08:00:00Z"));
    private final MutableClock clock = time.wall();

    @Test
    void aWallClockStepNeitherSilencesNorHastensTheRateLimitedAlarms() throws Exception {
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir)) {
            ReadingSchema.migrate(dcu.db);
            AlarmDispatcher alarms = new AlarmDispatcher();
            try {
                AnomalyMonitor monitor = new AnomalyMonitor(new MeterStateStore(dcu.db), dcu.audit, alarms, clock,
                        ReadingSettings.Limits.DEFAULT, time::nanoTime);
                monitor.responsesRefused("m-1", 1, 0);
                assertThat(counterAlarms(dcu.audit)).as("the first regression alarms").isEqualTo(1);

                time.step(SIX_HOURS); // forward: the quiet time is not over
                monitor.responsesRefused("m-1", 1, 0);
                assertThat(counterAlarms(dcu.audit)).as("still quiet after a forward step").isEqualTo(1);

                time.step(SIX_HOURS.negated().multipliedBy(2)); // now 6 h behind
                time.pass(ReadingSettings.Limits.DEFAULT.failureWindow());
                monitor.responsesRefused("m-1", 1, 0);
                assertThat(counterAlarms(dcu.audit)).as("one window of real time later, whatever the wall clock says")
                        .isEqualTo(2);
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.response.replay").limit(100).build()))
                        .as("every refused response audited").hasSize(3);
            } finally {
                alarms.close();
            }
        }
    }

    private static int counterAlarms(AuditLog audit) throws Exception {
        return audit.query(AuditQuery.builder().action("meter.anomaly.counter").limit(100).build()).size();
    }
}
