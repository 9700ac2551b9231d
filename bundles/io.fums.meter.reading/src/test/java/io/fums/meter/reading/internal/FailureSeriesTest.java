package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Repeated failures raise rate-limited alarms, not one alarm per frame (issue 13, SEC-8, SEC-9). */
@Tag("SEC-8")
@Tag("SEC-9")
class FailureSeriesTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    /** Stands for time passing (no step here): the series takes its monotonic reading. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));

    private long now() {
        return clock.millis() * 1_000_000L;
    }

    @Test
    void aFailurePerSecondRaisesOneAlarmWithItsCountThenStaysQuietForTheWindow() {
        FailureSeries series = new FailureSeries(WINDOW, 5);
        long[] alarms = new long[60 * 25];
        int raised = 0;
        for (int i = 0; i < alarms.length; i++) {
            alarms[i] = series.failed("m-1", now(), 1);
            if (alarms[i] > 0) {
                raised++;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(alarms[3]).as("four failures are not yet a series").isZero();
        assertThat(alarms[4]).as("the fifth within the window raises the alarm, with the count").isEqualTo(5);
        // then at most one alarm per window: at 4 s, 604 s and 1204 s of the 1500 s
        assertThat(raised).isEqualTo(3);
        assertThat(alarms[604]).as("the next alarm counts every failure since the last").isEqualTo(600);
        assertThat(alarms[1204]).isEqualTo(600);
    }

    @Test
    void failuresSpreadWiderThanTheWindowNeverRaiseAnAlarm() {
        FailureSeries series = new FailureSeries(WINDOW, 5);
        for (int i = 0; i < 100; i++) {
            assertThat(series.failed("m-1", now(), 1)).isZero();
            clock.advance(Duration.ofMinutes(3));
        }
    }

    @Test
    void aBurstCountsAsItsNumberAndPeersAreCountedApart() {
        FailureSeries series = new FailureSeries(WINDOW, 5);
        assertThat(series.failed("m-1", now(), 3)).isZero();
        assertThat(series.failed("m-2", now(), 4)).isZero();
        assertThat(series.failed("m-1", now(), 40)).isEqualTo(43);
        assertThat(series.failed("m-2", now(), 1)).isEqualTo(5);
        assertThat(series.failed("m-1", now(), 1)).isZero();
    }

    @Test
    void withAThresholdOfOneTheFirstFailureAlarmsAndAResetStartsAfresh() {
        FailureSeries series = new FailureSeries(WINDOW, 1);
        assertThat(series.failed("m-1", now(), 1)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(series.failed("m-1", now(), 2)).isZero();
        series.reset("m-1"); // an operator cleared the meter
        assertThat(series.failed("m-1", now(), 1)).isEqualTo(1);
        clock.advance(WINDOW);
        assertThat(series.failed("m-1", now(), 1)).as("quiet time over").isEqualTo(1);
    }
}
