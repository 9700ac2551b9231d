package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.CosemDate;
import io.fums.dlms.axdr.CosemTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activation at the time written to the single action schedule 0-0:15.0.2.255 (SM-9, UMS-1). */
@Tag("SM-9")
@Tag("UMS-1")
class ActivationScheduleTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(0, 0, 0));
    }

    static DataValue executionTime(OffsetDateTime t) {
        return DataValue.Array.of(DataValue.Structure.of(
                new CosemTime(t.getHour(), t.getMinute(), t.getSecond(), 0).toDataValue(),
                new CosemDate(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), 0xFF).toDataValue()));
    }

    private DataAccessResult schedule(DataValue v) {
        return m.model.set(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME, v);
    }

    @Test
    void theVerifiedImageIsActivatedAtTheScheduledTimeAndNotBefore() {
        m.transfer("FW", m.image("2.0.0", 3000));
        m.verify();
        OffsetDateTime at = Instant.ofEpochMilli(MeterFixture.START).atOffset(ZoneOffset.UTC).plusHours(2);
        assertThat(schedule(executionTime(at))).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(m.get(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME)).isEqualTo(executionTime(at));
        assertThat(m.get(CosemObjects.IMAGE_ACTIVATION_TYPE)).isEqualTo(new DataValue.Enumerated(1));
        m.time.advance(2 * 3600_000 - 1);
        m.model.tick();
        assertThat(m.status()).isEqualTo(3);
        assertThat(m.firmware()).isEqualTo("1.0.0");
        m.time.advance(1);
        m.model.tick();
        assertThat(m.status()).isEqualTo(6);
        assertThat(m.firmware()).isEqualTo("2.0.0");
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("activation (activation schedule)"));
    }

    @Test
    void theScheduleFollowsTheMetersClockAndTimeZone() {
        // the meter runs in UTC+01:00 (deviation -60) and its clock is 30 minutes ahead
        m.set(8, CosemObjects.CLOCK, 3, new DataValue.Int16(-60));
        OffsetDateTime meterNow = Instant.ofEpochMilli(MeterFixture.START + 1_800_000).atOffset(ZoneOffset.ofHours(1));
        assertThat(m.set(8, CosemObjects.CLOCK, 2, io.fums.dlms.axdr.CosemDateTime.of(meterNow, 0).toDataValue()))
                .isEqualTo(DataAccessResult.SUCCESS);
        m.transfer("FW", m.image("2.0.0", 3000));
        m.verify();
        schedule(executionTime(meterNow.plusMinutes(10))); // local time of the meter
        m.time.advance(10 * 60_000 - 1000);
        m.model.tick();
        assertThat(m.status()).isEqualTo(3);
        m.time.advance(1000);
        m.model.tick();
        assertThat(m.status()).isEqualTo(6);
    }

    @Test
    void aScheduleWithNothingVerifiedActivatesNothingAndAClearedScheduleNeverFires() {
        OffsetDateTime at = Instant.ofEpochMilli(MeterFixture.START).atOffset(ZoneOffset.UTC).plusMinutes(1);
        schedule(executionTime(at));
        m.time.advance(60_000);
        m.model.tick();
        assertThat(m.status()).isZero();
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("nothing to activate"));

        m.transfer("FW", m.image("2.0.0", 3000));
        m.verify();
        schedule(executionTime(at.plusMinutes(5)));
        assertThat(schedule(DataValue.Array.of(DataValue.Structure.of(
                new CosemTime(0xFF, 0xFF, 0xFF, 0xFF).toDataValue(),
                new CosemDate(0xFFFF, 0xFF, 0xFF, 0xFF).toDataValue())))).isEqualTo(DataAccessResult.SUCCESS);
        m.time.advance(3600_000);
        m.model.tick();
        assertThat(m.status()).isEqualTo(3);
        assertThat(schedule(new DataValue.UInt8(1))).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
    }

    @Test
    void aScheduleSurvivesARestartAndAMissedOneRunsAtTheNextStart() {
        m.transfer("FW", m.image("2.0.0", 3000));
        m.verify();
        schedule(executionTime(Instant.ofEpochMilli(MeterFixture.START).atOffset(ZoneOffset.UTC).plusMinutes(5)));
        m.time.advance(3600_000); // the emulator is down when the time passes
        m.open();
        m.model.tick();
        assertThat(m.status()).isEqualTo(6);
        assertThat(m.firmware()).isEqualTo("2.0.0");
    }
}
