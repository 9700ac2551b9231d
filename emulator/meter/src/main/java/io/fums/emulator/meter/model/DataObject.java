package io.fums.emulator.meter.model;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;
import java.util.function.Supplier;

/**
 * A Data object (class 1): attribute 2, value. Either read-only from a
 * supplier (device id, active firmware identifier and signature) or a
 * configuration setting held in the meter's state, writable with a value
 * of the same type (SM-7, NET-1).
 */
final class DataObject implements CosemObject {

    private final ObisCode name;
    private final Supplier<DataValue> value;
    private final Meter setting;

    private DataObject(ObisCode name, Supplier<DataValue> value, Meter setting) {
        this.name = name;
        this.value = value;
        this.setting = setting;
    }

    /** A read-only object. */
    static DataObject readOnly(ObisCode name, Supplier<DataValue> value) {
        return new DataObject(name, value, null);
    }

    /** A configuration setting of {@code meter}, stored under its OBIS code text. */
    static DataObject setting(ObisCode name, Meter meter) {
        return new DataObject(name, null, meter);
    }

    @Override public int classId() { return CosemObjects.CLASS_DATA; }

    @Override public ObisCode name() { return name; }

    @Override public int attributeCount() { return 2; }

    @Override
    public GetOutcome get(int attribute) {
        if (setting == null) {
            return GetOutcome.of(value.get());
        }
        String text = setting.state.settings.get(name.toString());
        return text == null ? GetOutcome.failed(DataAccessResult.OBJECT_UNAVAILABLE)
                : GetOutcome.of(SettingValue.parse(text));
    }

    @Override
    public DataAccessResult set(int attribute, DataValue v) {
        if (setting == null) {
            return DataAccessResult.READ_WRITE_DENIED;
        }
        String old = setting.state.settings.get(name.toString());
        String text = SettingValue.format(v);
        if (old == null || text == null || !SettingValue.parse(old).type().equals(v.type())) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        setting.state.settings.put(name.toString(), text);
        setting.save();
        return DataAccessResult.SUCCESS;
    }

    @Override
    public boolean writable(int attribute) {
        return setting != null && attribute == 2;
    }
}
