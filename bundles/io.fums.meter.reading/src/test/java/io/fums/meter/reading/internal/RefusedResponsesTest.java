package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsException;
import io.fums.dlms.security.InvocationCounters;
import io.fums.meter.access.MeterAlarm;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responses a meter's association refused (issue 13): an invocation counter
 * regression and repeated GCM authentication failures are audited every time,
 * mark the meter suspect, and raise rate-limited alarms (SEC-8, SEC-9).
 */
@Tag("SEC-8")
@Tag("SEC-9")
class RefusedResponsesTest {

    @TempDir
    Path dir;

    private static final ReadingSettings.Limits DEFAULT = ReadingSettings.Limits.DEFAULT;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private Fixtures.Monitors monitors;
    private ClosableDatabase db;
    private AuditLog audit;
    private AnomalyMonitor monitor;

    @BeforeEach
    void open() throws Exception {
        monitors = new Fixtures.Monitors(dir, clock);
        db = monitors.db;
        audit = monitors.audit;
        monitor = monitors.monitor(DEFAULT);
    }

    @AfterEach
    void close() {
        monitors.close();
    }

    private int entries(String action) throws Exception {
        return audit.query(AuditQuery.builder().action(action).limit(1000).build()).size();
    }

    @Test
    void aCounterRegressionMarksTheMeterSuspectAtOnceAndAlarmsOncePerWindow() throws Exception {
        for (int i = 0; i < 30; i++) {
            monitor.responsesRefused("m-1", 1, 0);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(monitor.state("m-1").suspectKind()).isEqualTo(MeterAlarm.COUNTER_REGRESSION);
        assertThat(monitor.suspects()).containsExactly("m-1");
        assertThat(entries("meter.response.replay")).as("every refused response audited").isEqualTo(30);
        assertThat(entries("meter.anomaly.counter")).as("one alarm in the 300 s").isEqualTo(1);
        clock.advance(DEFAULT.failureWindow());
        monitor.responsesRefused("m-1", 1, 0);
        assertThat(entries("meter.anomaly.counter")).as("the next window's alarm").isEqualTo(2);
    }

    @Test
    void decipherFailuresAlarmOnlyFromTheThresholdWithinTheWindow() throws Exception {
        for (int i = 1; i < DEFAULT.decipherThreshold(); i++) {
            monitor.responsesRefused("m-2", 0, 1);
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(monitor.suspects()).as("fewer than the threshold").isEmpty();
        for (int i = 0; i < 200; i++) {
            monitor.responsesRefused("m-2", 0, 1);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(monitor.state("m-2").suspectKind()).isEqualTo(MeterAlarm.DECIPHER_FAILURES);
        assertThat(monitor.state("m-2").suspectMessage()).startsWith(DEFAULT.decipherThreshold() + " response(s)");
        assertThat(entries("meter.response.decipher")).isEqualTo(DEFAULT.decipherThreshold() - 1 + 200);
        assertThat(entries("meter.anomaly.decipher")).isEqualTo(1);
        monitor.clear("m-2");
        assertThat(monitor.suspects()).isEmpty();
    }

    @Test
    void theMeterCountersTellTheRefusedResponsesOnceEach() throws Exception {
        CounterStore store = new CounterStore(db, clock);
        InvocationCounters c = store.counters("m-3");
        c.acceptReceived(7);
        assertThatThrownBy(() -> c.acceptReceived(7)).isInstanceOf(DlmsException.class);
        c.authenticationFailed();
        c.authenticationFailed();
        assertThat(store.refusedSince("m-3")).containsExactly(1, 2);
        assertThat(store.refusedSince("m-3")).as("told once").containsExactly(0, 0);
        assertThat(store.refusedSince("unknown")).containsExactly(0, 0);
    }
}
