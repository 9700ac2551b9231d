package io.fums.dlms.axdr;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ScalerUnitTest {

    /**
     * Blue Book class 3 attribute 3: structure { integer scaler, enum unit }.
     * "02 02 0F 00 16 1E" is the scaler_unit of an energy register in Wh,
     * scaler 0, as it appears in the Austrian smart meter push frame
     * published by amsreader-firmware (frames/austria.raw, "02 02 0F 00 16 1E").
     */
    @Test
    void energyRegisterInWattHours() throws DlmsCodecException {
        ScalerUnit su = ScalerUnit.fromDataValue(Axdr.decode(parse("02 02 0F 00 16 1E")));
        assertThat(su).isEqualTo(new ScalerUnit(0, ScalerUnit.UNIT_WATT_HOUR));
        assertThat(Axdr.encode(su.toDataValue())).isEqualTo(parse("02 02 0F 00 16 1E"));
    }

    @Test
    void appliesThePowerOfTen() throws DlmsCodecException {
        // "02 02 0F FF 16 23": voltage with scaler -1 (same source)
        ScalerUnit su = ScalerUnit.fromDataValue(Axdr.decode(parse("02 02 0F FF 16 23")));
        assertThat(su.unit()).isEqualTo(ScalerUnit.UNIT_VOLT);
        assertThat(su.apply(2356)).isEqualByComparingTo(new BigDecimal("235.6"));
        assertThat(new ScalerUnit(3, ScalerUnit.UNIT_WATT_HOUR).apply(12)).isEqualByComparingTo("12000");
    }

    @Test
    void wrongShapesAreProtocolErrors() {
        assertThatThrownBy(() -> ScalerUnit.fromDataValue(Axdr.decode(parse("02 02 11 00 16 1E"))))
                .isInstanceOf(DlmsCodecException.class);
        assertThatThrownBy(() -> ScalerUnit.fromDataValue(Axdr.decode(parse("02 01 0F 00"))))
                .isInstanceOf(DlmsCodecException.class);
        assertThatThrownBy(() -> ScalerUnit.fromDataValue(new DataValue.UInt8(1)))
                .isInstanceOf(DlmsCodecException.class);
    }
}
