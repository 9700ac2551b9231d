package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.meter.reading.MeterAlarm;
import io.fums.meter.reading.internal.AnomalyRules.MeterState;
import io.fums.meter.reading.internal.AnomalyRules.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SEC-8 decisions: which firmware changes and which authentication failures are anomalies. */
@Tag("SEC-8")
class AnomalyRulesTest {

    @Test
    void theFirstIdentifierSeenIsTheBaselineAndTheSameOneAgainChangesNothing() {
        Outcome first = AnomalyRules.firmwareRead(MeterState.NEW, "1.0.0");
        assertThat(first.alarm()).isFalse();
        assertThat(first.next().firmware()).isEqualTo("1.0.0");
        Outcome again = AnomalyRules.firmwareRead(first.next(), "1.0.0");
        assertThat(again.alarm()).isFalse();
        assertThat(again.next()).isEqualTo(first.next());
        assertThat(again.note()).isNull();
    }

    @Test
    void anUnannouncedChangeRaisesFirmwareChangedMarksTheMeterAndAlarmsOnlyOnce() {
        MeterState s = AnomalyRules.firmwareRead(MeterState.NEW, "1.0.0").next();
        Outcome changed = AnomalyRules.firmwareRead(s, "6.6.6");
        assertThat(changed.alarmKind()).isEqualTo(MeterAlarm.FIRMWARE_CHANGED);
        assertThat(changed.message()).contains("from 1.0.0 to 6.6.6").contains("no change was announced");
        assertThat(changed.next().suspect()).isTrue();
        assertThat(changed.next().firmware()).isEqualTo("6.6.6");
        assertThat(AnomalyRules.firmwareRead(changed.next(), "6.6.6").alarm()).as("not at every read").isFalse();
    }

    @Test
    void anAnnouncedChangeIsAcceptedAndConsumesTheAnnouncement() {
        MeterState s = AnomalyRules.firmwareRead(MeterState.NEW, "1.0.0").next();
        MeterState expecting = AnomalyRules.expect(s, "2.0.0").next();
        assertThat(AnomalyRules.firmwareRead(expecting, "1.0.0").alarm()).as("still on the old image").isFalse();
        Outcome switched = AnomalyRules.firmwareRead(expecting, "2.0.0");
        assertThat(switched.alarm()).isFalse();
        assertThat(switched.note()).contains("as announced");
        assertThat(switched.next().firmware()).isEqualTo("2.0.0");
        assertThat(switched.next().expected()).isNull();
        assertThat(switched.next().suspect()).isFalse();
        assertThat(AnomalyRules.firmwareRead(switched.next(), "1.0.0").alarmKind())
                .as("going back was not announced").isEqualTo(MeterAlarm.FIRMWARE_CHANGED);
    }

    @Test
    void aChangeToAnotherIdentifierThanAnnouncedIsAnAnomaly() {
        MeterState s = AnomalyRules.expect(AnomalyRules.firmwareRead(MeterState.NEW, "1.0.0").next(), "2.0.0").next();
        Outcome o = AnomalyRules.firmwareRead(s, "2.0.1");
        assertThat(o.alarmKind()).isEqualTo(MeterAlarm.FIRMWARE_CHANGED);
        assertThat(o.message()).contains("announced was 2.0.0");
    }

    @Test
    void threeConsecutiveAuthenticationFailuresRaiseOneAlarmAndASuccessEndsTheSeries() {
        MeterState s = MeterState.NEW;
        s = AnomalyRules.authenticationRefused(s, "wrong key").next();
        s = AnomalyRules.authenticationRefused(s, "wrong key").next();
        s = AnomalyRules.associated(s).next();
        assertThat(s.authFailures()).isZero();
        Outcome o = null;
        for (int i = 0; i < 3; i++) {
            o = AnomalyRules.authenticationRefused(s, "wrong key " + i);
            assertThat(o.alarm()).as("failure " + (i + 1)).isEqualTo(i == 2);
            s = o.next();
        }
        assertThat(o.alarmKind()).isEqualTo(MeterAlarm.AUTHENTICATION_FAILURES);
        assertThat(o.message()).contains("3 consecutive").contains("wrong key 2");
        assertThat(s.suspect()).isTrue();
        assertThat(AnomalyRules.authenticationRefused(s, "again").alarm()).as("one alarm per series").isFalse();
        MeterState cleared = AnomalyRules.clear(s).next();
        assertThat(cleared.suspect()).isFalse();
        assertThat(cleared.authFailures()).isZero();
    }
}
