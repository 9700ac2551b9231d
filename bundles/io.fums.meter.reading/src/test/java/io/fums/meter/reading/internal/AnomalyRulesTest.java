package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.meter.access.MeterAlarm;
import io.fums.meter.reading.internal.AnomalyRules.MeterState;
import io.fums.meter.reading.internal.AnomalyRules.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SEC-8 decisions: firmware changes, authentication failures, energy going back, clock drift, a swapped meter. */
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
        s = AnomalyRules.authenticationRefused(s, "wrong key", ReadingSettings.DEFAULT_AUTH_FAILURE_THRESHOLD).next();
        s = AnomalyRules.authenticationRefused(s, "wrong key", ReadingSettings.DEFAULT_AUTH_FAILURE_THRESHOLD).next();
        s = AnomalyRules.associated(s).next();
        assertThat(s.authFailures()).isZero();
        Outcome o = null;
        for (int i = 0; i < 3; i++) {
            o = AnomalyRules.authenticationRefused(s, "wrong key " + i, ReadingSettings.DEFAULT_AUTH_FAILURE_THRESHOLD);
            assertThat(o.alarm()).as("failure " + (i + 1)).isEqualTo(i == 2);
            s = o.next();
        }
        assertThat(o.alarmKind()).isEqualTo(MeterAlarm.AUTHENTICATION_FAILURES);
        assertThat(o.message()).contains("3 consecutive").contains("wrong key 2");
        assertThat(s.suspect()).isTrue();
        assertThat(AnomalyRules.authenticationRefused(s, "again", ReadingSettings.DEFAULT_AUTH_FAILURE_THRESHOLD)
                .alarm()).as("one alarm per series").isFalse();
        MeterState cleared = AnomalyRules.clear(s).next();
        assertThat(cleared.suspect()).isFalse();
        assertThat(cleared.authFailures()).isZero();
    }

    @Test
    void energyGoingBackIsAnAnomalyOnceAndCountingUpIsNot() {
        MeterState s = AnomalyRules.energyRead(MeterState.NEW, 12_000.5).next();
        Outcome up = AnomalyRules.energyRead(s, 12_001.0);
        assertThat(up.alarm()).isFalse();
        Outcome same = AnomalyRules.energyRead(up.next(), 12_001.0);
        assertThat(same.alarm()).as("no consumption").isFalse();
        Outcome back = AnomalyRules.energyRead(same.next(), 11_000.0);
        assertThat(back.alarmKind()).isEqualTo(MeterAlarm.ENERGY_BACKWARDS);
        assertThat(back.message()).contains("12001.0 Wh to 11000.0 Wh");
        assertThat(back.next().suspect()).isTrue();
        assertThat(AnomalyRules.energyRead(back.next(), 11_000.5).alarm()).as("counting up again from there").isFalse();
    }

    @Test
    void aClockBeyondTheBoundRaisesOneAlarmPerExcursion() {
        java.time.Instant dcu = java.time.Instant.parse("2026-03-01T12:00:00Z");
        java.time.Duration bound = java.time.Duration.ofSeconds(300);
        Outcome within = AnomalyRules.clockRead(MeterState.NEW, dcu.minusSeconds(300), dcu, bound);
        assertThat(within.alarm()).as("exactly the bound").isFalse();
        Outcome ahead = AnomalyRules.clockRead(within.next(), dcu.plusSeconds(301), dcu, bound);
        assertThat(ahead.alarmKind()).isEqualTo(MeterAlarm.CLOCK_DRIFT);
        assertThat(ahead.message()).contains("301 s ahead of");
        assertThat(AnomalyRules.clockRead(ahead.next(), dcu.plusSeconds(900), dcu, bound).alarm())
                .as("still out: no second alarm").isFalse();
        Outcome back = AnomalyRules.clockRead(ahead.next(), dcu.plusSeconds(2), dcu, bound);
        assertThat(back.alarm()).isFalse();
        assertThat(back.note()).contains("back within 300 s");
        assertThat(back.next().clockDrift()).isFalse();
        Outcome behind = AnomalyRules.clockRead(back.next(), dcu.minusSeconds(3600), dcu, bound);
        assertThat(behind.alarmKind()).as("a new excursion").isEqualTo(MeterAlarm.CLOCK_DRIFT);
        assertThat(behind.message()).contains("behind");
    }

    @Test
    void anotherDeviceIdAtTheSameAddressIsASwappedMeter() {
        MeterState s = AnomalyRules.deviceIdRead(MeterState.NEW, "FUMS00000001").next();
        assertThat(s.deviceId()).isEqualTo("FUMS00000001");
        assertThat(AnomalyRules.deviceIdRead(s, "FUMS00000001").alarm()).isFalse();
        Outcome swapped = AnomalyRules.deviceIdRead(s, "EVIL00000666");
        assertThat(swapped.alarmKind()).isEqualTo(MeterAlarm.METER_SWAPPED);
        assertThat(swapped.message()).contains("FUMS00000001").contains("EVIL00000666");
        assertThat(AnomalyRules.deviceIdRead(swapped.next(), "EVIL00000666").alarm()).as("once").isFalse();
    }

    @Test
    void registerTextsParseToWattHoursAndAnythingElseIsLeftOut() {
        assertThat(AnomalyMonitor.energyWh("12345.6 Wh")).isEqualTo(12345.6);
        assertThat(AnomalyMonitor.energyWh("12.5 kWh")).isEqualTo(12500.0);
        assertThat(AnomalyMonitor.energyWh("error: object-undefined")).isNull();
        assertThat(AnomalyMonitor.energyWh("12 varh")).isNull();
        assertThat(AnomalyMonitor.energyWh("junk")).isNull();
        assertThat(AnomalyMonitor.energyWh(null)).isNull();
    }
}
