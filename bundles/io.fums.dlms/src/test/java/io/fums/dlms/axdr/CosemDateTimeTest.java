package io.fums.dlms.axdr;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CosemDateTimeTest {

    /**
     * Sources: dlms-cosem tests/test_time.py (first two rows, Blue Book
     * date-time with deviation -120 / -60 for UTC+2 / UTC+1) and the clock
     * value of dlms-cosem's SET-Request test (third row). The sign follows
     * the Blue Book ("deviation of local time to UTC"), confirmed by Gurux's
     * Clock documentation: Paris (UTC+1) is -60 for DLMS and IDIS.
     */
    @ParameterizedTest
    @CsvSource({
        "07E40101FF000300 00FF88FF, 2020-01-01T00:03+02:00",
        "07E40106FF000300 00FFC4FF, 2020-01-06T00:03+01:00",
        "07E50118FF0E3039 50FFC400, 2021-01-24T14:48:57.800+01:00"})
    void publishedDateTimes(String hex, String iso) throws DlmsCodecException {
        CosemDateTime dt = CosemDateTime.fromBytes(parse(hex));
        assertThat(dt.toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(iso));
        assertThat(dt.toBytes()).isEqualTo(parse(hex));
    }

    @Test
    void fromOffsetDateTimeFillsEveryField() throws DlmsCodecException {
        OffsetDateTime t = OffsetDateTime.parse("2024-03-31T02:30:15.250+02:00");
        CosemDateTime dt = CosemDateTime.of(t, CosemDateTime.STATUS_DAYLIGHT_SAVING_ACTIVE);
        assertThat(dt.toBytes()).isEqualTo(parse("07E8 03 1F 07 02 1E 0F 19 FF88 80"));
        assertThat(dt.toOffsetDateTime()).isEqualTo(t);
        assertThat(CosemDateTime.fromDataValue(dt.toDataValue())).isEqualTo(dt);
        assertThat(CosemDateTime.fromDataValue(new DataValue.DateTime(dt.toBytes()))).isEqualTo(dt);
    }

    @Test
    void wildcardsAreKeptButHaveNoInstant() throws DlmsCodecException {
        // "every day at 00:00:00, deviation not specified": the Blue Book's wildcards
        CosemDateTime dt = CosemDateTime.fromBytes(parse("FFFF FF FF FF 00 00 00 00 8000 FF"));
        assertThat(dt.year()).isEqualTo(CosemDateTime.YEAR_NOT_SPECIFIED);
        assertThat(dt.deviation()).isEqualTo(CosemDateTime.DEVIATION_NOT_SPECIFIED);
        assertThat(dt.toBytes()).isEqualTo(parse("FFFF FF FF FF 00 00 00 00 8000 FF"));
        assertThatThrownBy(dt::toOffsetDateTime).isInstanceOf(DlmsCodecException.class);
    }

    @Test
    void outOfRangeFieldsAreRefused() {
        assertThatThrownBy(() -> CosemDateTime.fromBytes(parse("07E4 0D 01 FF 00 00 00 00 0000 00")))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("month");
        assertThatThrownBy(() -> CosemDateTime.fromBytes(parse("07E4 01 01 FF 18 00 00 00 0000 00")))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("hour");
        assertThatThrownBy(() -> CosemDateTime.fromBytes(parse("07E4 01 01 FF 00 00 00 00 0400 00")))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("deviation");
        assertThatThrownBy(() -> CosemDateTime.fromBytes(parse("07E4 02 1F FF 00 00 00 00 0000 00")).toOffsetDateTime())
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> CosemDateTime.fromBytes(new byte[11])).isInstanceOf(DlmsCodecException.class);
    }

    @Test
    void dateAndTime() throws DlmsCodecException {
        CosemDate date = CosemDate.fromBytes(parse("07E8 06 0F FF"));
        assertThat(date).isEqualTo(new CosemDate(2024, 6, 15, 0xFF));
        assertThat(CosemDate.fromDataValue(date.toDataValue())).isEqualTo(date);
        CosemTime time = CosemTime.fromBytes(parse("02 00 00 FF"));
        assertThat(time).isEqualTo(new CosemTime(2, 0, 0, 0xFF));
        assertThat(CosemTime.fromDataValue(new DataValue.Time(time.toBytes()))).isEqualTo(time);
        assertThatThrownBy(() -> CosemTime.fromBytes(parse("00 3C 00 00"))).isInstanceOf(DlmsCodecException.class);
    }
}
