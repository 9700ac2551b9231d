package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.meter.access.MeterAlarm;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds of the SEC-8 rules are settings of {@value ReadingSettings#PID} (issue 13): each changes the verdict of
 * the real {@link AnomalyMonitor} on its SQLite state, today's values are the defaults, a change applies to what is
 * seen from then on, and a value out of range or an unknown key is refused with {@code CONFIG_INVALID}.
 */
@Tag("SEC-8")
@Tag("SEC-9")
class AnomalyLimitsTest {

    private static final ReadingSettings.Limits DEFAULT = ReadingSettings.Limits.DEFAULT;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private Fixtures.Monitors monitors;
    private AuditLog audit;

    @BeforeEach
    void open() throws Exception {
        monitors = new Fixtures.Monitors(dir, clock);
        audit = monitors.audit;
    }

    @AfterEach
    void close() {
        monitors.close();
    }

    private AnomalyMonitor monitor(ReadingSettings.Limits limits) throws FumsException {
        return monitors.monitor(limits);
    }

    private static ReadingSettings.Limits limits(Map<String, Object> values) throws FumsException {
        return Fixtures.Monitors.limits(values);
    }

    private int entries(String action) throws Exception {
        return audit.query(AuditQuery.builder().action(action).limit(1000).build()).size();
    }

    @Test
    void theDefaultsAreTodaysValues() throws Exception {
        assertThat(limits(Map.of())).isEqualTo(DEFAULT);
        assertThat(DEFAULT.authFailureThreshold()).isEqualTo(3);
        assertThat(DEFAULT.failureWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(DEFAULT.decipherThreshold()).isEqualTo(5);
        assertThat(DEFAULT.clockDrift()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DEFAULT.certificateWarning()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void authFailureThresholdSetsTheRefusedAssociationThatRaisesTheAlarm() throws Exception {
        AnomalyMonitor byDefault = monitor(DEFAULT);
        byDefault.refused("m-1", new DlmsException(ErrorCode.METER_AUTH_FAILED, "wrong key"));
        assertThat(byDefault.suspects()).as("1 of 3").isEmpty();
        AnomalyMonitor strict = monitor(limits(Map.of("authFailureThreshold", 1)));
        strict.refused("m-2", new DlmsException(ErrorCode.METER_AUTH_FAILED, "wrong key"));
        assertThat(strict.state("m-2").suspectKind()).isEqualTo(MeterAlarm.AUTHENTICATION_FAILURES);
        assertThat(strict.state("m-2").suspectMessage()).startsWith("1 consecutive");
        assertThat(entries("meter.anomaly.authentication")).isEqualTo(1);
    }

    @Test
    void decipherThresholdSetsTheFailuresThatRaiseTheAlarm() throws Exception {
        AnomalyMonitor byDefault = monitor(DEFAULT);
        byDefault.responsesRefused("m-1", 0, 2);
        assertThat(byDefault.suspects()).as("2 of 5").isEmpty();
        AnomalyMonitor strict = monitor(limits(Map.of("decipherThreshold", 2)));
        strict.responsesRefused("m-2", 0, 2);
        assertThat(strict.state("m-2").suspectKind()).isEqualTo(MeterAlarm.DECIPHER_FAILURES);
        assertThat(strict.state("m-2").suspectMessage()).contains("(2 or more within 10 min)");
    }

    @Test
    void failureWindowSetsHowFarBackFailuresCountAndTheQuietTimeAfterAnAlarm() throws Exception {
        AnomalyMonitor byDefault = monitor(DEFAULT);
        AnomalyMonitor shortWindow = monitor(limits(Map.of("failureWindowMinutes", 1, "decipherThreshold", 2)));
        for (AnomalyMonitor m : new AnomalyMonitor[] {byDefault, shortWindow}) {
            m.responsesRefused(m == byDefault ? "m-1" : "m-2", 1, 0);
        }
        assertThat(entries("meter.anomaly.counter")).as("the first of each").isEqualTo(2);
        clock.advance(Duration.ofSeconds(61));
        byDefault.responsesRefused("m-1", 1, 0);
        shortWindow.responsesRefused("m-2", 1, 0);
        assertThat(audit.query(AuditQuery.builder().action("meter.anomaly.counter").limit(10).build()))
                .extracting(e -> e.subject()).as("only the 1 min window is over")
                .containsExactlyInAnyOrder("m-1", "m-2", "m-2");
        shortWindow.responsesRefused("m-3", 0, 1);
        clock.advance(Duration.ofSeconds(61));
        shortWindow.responsesRefused("m-3", 0, 1);
        assertThat(shortWindow.state("m-3").suspect()).as("the first failure fell out of the 1 min window").isFalse();
    }

    @Test
    void clockDriftSecondsSetsTheBoundAndAChangeAppliesToTheNextRead() throws Exception {
        Instant readAt = clock.instant();
        Map<String, String> values = Map.of(MeterReader.CLOCK,
                readAt.plusSeconds(100).atOffset(java.time.ZoneOffset.UTC).toString());
        AnomalyMonitor m = monitor(DEFAULT);
        m.valuesRead("m-1", values, readAt, () -> null);
        assertThat(m.suspects()).as("100 s is within 300 s").isEmpty();
        m.limits(limits(Map.of("clockDriftSeconds", 60)));
        m.valuesRead("m-1", values, readAt, () -> null);
        assertThat(m.state("m-1").suspectKind()).isEqualTo(MeterAlarm.CLOCK_DRIFT);
        assertThat(m.state("m-1").suspectMessage()).contains("100 s ahead").contains("bound 60 s");
    }

    @Test
    void valuesOutOfRangeAreRefusedNamingTheField() {
        assertInvalid("authFailureThreshold", 0, "authFailureThreshold must be 1..100, not 0");
        assertInvalid("authFailureThreshold", 101, "authFailureThreshold must be 1..100");
        assertInvalid("failureWindowMinutes", 0, "failureWindowMinutes must be 1..1440");
        assertInvalid("decipherThreshold", 1001, "decipherThreshold must be 1..1000");
        assertInvalid("clockDriftSeconds", 0, "clockDriftSeconds must be 1..86400");
        assertInvalid("certificateWarningDays", -1, "certificateWarningDays must be 0..3660");
    }

    @Test
    void anUnknownKeyIsRefusedAndAudited() throws Exception {
        assertThatThrownBy(() -> MeterReadingComponent.checkKeys(Map.of("decipherTreshold", 2), audit))
                .isInstanceOfSatisfying(FumsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("decipherTreshold");
                });
        assertThat(entries("meters.config.load")).isEqualTo(1);
        MeterReadingComponent.checkKeys(Map.of("decipherThreshold", 2, "authFailureThreshold", 1,
                "failureWindowMinutes", 5, "certificateWarningDays", 0), audit);
    }

    private static void assertInvalid(String key, int value, String message) {
        assertThatThrownBy(() -> limits(Map.of(key, value))).isInstanceOfSatisfying(FumsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
