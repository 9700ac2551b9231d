package io.fums.dlms.axdr;

import io.fums.dlms.DlmsCodecException;
import java.math.BigDecimal;
import java.util.List;

/**
 * The scaler_unit of a register (Blue Book, class 3 attribute 3):
 * {@code structure { scaler integer, unit enum }}. The physical value is
 * {@code raw * 10^scaler} in {@code unit}.
 *
 * @param scaler power of ten, -128..127
 * @param unit   unit code of the Blue Book's unit table, 0..255 (see the constants)
 */
public record ScalerUnit(int scaler, int unit) {

    /** Active power, W. */
    public static final int UNIT_WATT = 27;
    /** Apparent power, VA. */
    public static final int UNIT_VOLT_AMPERE = 28;
    /** Reactive power, var. */
    public static final int UNIT_VAR = 29;
    /** Active energy, Wh. */
    public static final int UNIT_WATT_HOUR = 30;
    /** Apparent energy, VAh. */
    public static final int UNIT_VOLT_AMPERE_HOUR = 31;
    /** Reactive energy, varh. */
    public static final int UNIT_VAR_HOUR = 32;
    /** Current, A. */
    public static final int UNIT_AMPERE = 33;
    /** Voltage, V. */
    public static final int UNIT_VOLT = 35;
    /** Frequency, Hz. */
    public static final int UNIT_HERTZ = 44;
    /** Other unit. */
    public static final int UNIT_OTHER = 254;
    /** No unit, a count. */
    public static final int UNIT_COUNT = 255;

    /** Validates the ranges. */
    public ScalerUnit {
        if (scaler < Byte.MIN_VALUE || scaler > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("scaler out of range: " + scaler);
        }
        if (unit < 0 || unit > 0xFF) {
            throw new IllegalArgumentException("unit out of range: " + unit);
        }
    }

    /** {@code raw * 10^scaler}, exact. */
    public BigDecimal apply(long raw) {
        return BigDecimal.valueOf(raw).scaleByPowerOfTen(scaler);
    }

    /** {@code structure { integer scaler, enum unit }}. */
    public DataValue toDataValue() {
        return DataValue.Structure.of(new DataValue.Int8(scaler), new DataValue.Enumerated(unit));
    }

    /** Parses {@code structure { integer, enum }}. */
    public static ScalerUnit fromDataValue(DataValue v) throws DlmsCodecException {
        List<DataValue> e = DataValues.toStructure(v, 2, "scaler_unit");
        if (!(e.get(0) instanceof DataValue.Int8 s)) {
            throw new DlmsCodecException("scaler_unit: scaler must be an integer, got " + e.get(0).type());
        }
        if (!(e.get(1) instanceof DataValue.Enumerated u)) {
            throw new DlmsCodecException("scaler_unit: unit must be an enum, got " + e.get(1).type());
        }
        return new ScalerUnit(s.value(), u.value());
    }
}
