package io.fums.dlms.client;

import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.ScalerUnit;
import java.math.BigDecimal;

/**
 * A register's reading (class 3): the raw value as the meter sent it, its
 * scaler_unit and the physical value {@code raw * 10^scaler} in the unit.
 *
 * @param raw        attribute 2, value
 * @param scalerUnit attribute 3, scaler_unit
 * @param value      the scaled value
 */
public record RegisterValue(DataValue raw, ScalerUnit scalerUnit, BigDecimal value) {

    /** The unit code of the Blue Book's table ({@link ScalerUnit#UNIT_WATT_HOUR} for energy in Wh). */
    public int unit() {
        return scalerUnit.unit();
    }

    @Override
    public String toString() {
        return value.toPlainString() + " (unit " + scalerUnit.unit() + ")";
    }
}
