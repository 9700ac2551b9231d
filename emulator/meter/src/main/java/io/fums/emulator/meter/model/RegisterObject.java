package io.fums.emulator.meter.model;

import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.ScalerUnit;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;

/**
 * An energy register (class 3): attribute 2 value (double-long-unsigned,
 * Wh * 10^scaler), attribute 3 scaler_unit. Read-only; method 1 reset is
 * denied (metering data is never reset remotely).
 */
final class RegisterObject implements CosemObject {

    private final ObisCode name;
    private final Meter meter;
    private final boolean importRegister;

    RegisterObject(ObisCode name, Meter meter, boolean importRegister) {
        this.name = name;
        this.meter = meter;
        this.importRegister = importRegister;
    }

    @Override public int classId() { return CosemObjects.CLASS_REGISTER; }

    @Override public ObisCode name() { return name; }

    @Override public int attributeCount() { return 3; }

    @Override public int methodCount() { return 1; }

    @Override
    public GetOutcome get(int attribute) {
        if (attribute == CosemObjects.REGISTER_SCALER_UNIT) {
            return GetOutcome.of(new ScalerUnit(meter.metrology.scaler(), ScalerUnit.UNIT_WATT_HOUR).toDataValue());
        }
        meter.metrology.advance(meter.state, meter.now());
        long mj = importRegister ? meter.state.importMj : meter.state.exportMj;
        return GetOutcome.of(new DataValue.UInt32(meter.metrology.registerValue(mj)));
    }
}
