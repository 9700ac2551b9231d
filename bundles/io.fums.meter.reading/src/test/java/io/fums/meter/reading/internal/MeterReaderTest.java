package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.axdr.ScalerUnit;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How register values become text. */
class MeterReaderTest {

    @Test
    void registersAreScaledValuesWithTheirUnit() {
        assertThat(MeterReader.format(new ScalerUnit(-1, 30).apply(123456), 30)).isEqualTo("12345.6 Wh");
        assertThat(MeterReader.format(new ScalerUnit(3, 30).apply(12), 30)).isEqualTo("12000 Wh");
        assertThat(MeterReader.format(BigDecimal.TEN, ScalerUnit.UNIT_COUNT)).isEqualTo("10");
        assertThat(MeterReader.format(BigDecimal.ONE, 99)).isEqualTo("1 unit 99");
        assertThat(MeterReader.isError("error: object-undefined")).isTrue();
        assertThat(MeterReader.isError("1.0.0")).isFalse();
    }
}
