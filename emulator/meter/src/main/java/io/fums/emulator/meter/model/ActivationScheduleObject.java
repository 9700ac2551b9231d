package io.fums.emulator.meter.model;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.CosemDate;
import io.fums.dlms.axdr.CosemTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * The image activation single action schedule (class 22, version 0) at
 * 0-0:15.0.2.255 (SM-9): attribute 2 executed_script (the image activation
 * script of 0-0:10.0.107.255, selector 1), 3 type (1: one execution time),
 * 4 execution_time, writable: {@code array of structure { time
 * octet-string(4), date octet-string(5) }} in the meter's local time.
 *
 * <p>The first entry schedules the activation when its date (year, month,
 * day) and its hour and minute are specified (unspecified seconds and
 * hundredths count as 0); an empty array or an all-wildcard entry cancels.
 * A time in the past, or other wildcards, are stored but schedule nothing.
 * A schedule missed while the emulator was down runs at the next start.
 */
final class ActivationScheduleObject implements CosemObject {

    private static final ObisCode ACTIVATION_SCRIPT_TABLE = new ObisCode(0, 0, 10, 0, 107, 255);
    private final Meter meter;

    ActivationScheduleObject(Meter meter) {
        this.meter = meter;
    }

    @Override public int classId() { return CosemObjects.CLASS_SINGLE_ACTION_SCHEDULE; }

    @Override public ObisCode name() { return CosemObjects.IMAGE_ACTIVATION_SCHEDULE; }

    @Override public int attributeCount() { return 4; }

    @Override
    public GetOutcome get(int attribute) {
        return GetOutcome.of(switch (attribute) {
            case 2 -> DataValue.Structure.of(ACTIVATION_SCRIPT_TABLE.toDataValue(), new DataValue.UInt16(1));
            case 3 -> new DataValue.Enumerated(1);
            default -> executionTime();
        });
    }

    @Override
    public DataAccessResult set(int attribute, DataValue value) {
        if (attribute != 4) {
            return DataAccessResult.READ_WRITE_DENIED;
        }
        DataAccessResult refusal = meter.faults.scheduleWriteRefusal();
        if (refusal != null) {
            meter.event("activation schedule write refused: " + refusal);
            meter.save();
            return refusal;
        }
        long at;
        try {
            at = parse(value);
        } catch (DlmsCodecException e) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        MeterState s = meter.state;
        s.executionTime = HexFormat.of().formatHex(Axdr.encode(value));
        if (at > meter.meterNow()) {
            s.activationAt = at;
            meter.event("image activation scheduled at " + java.time.Instant.ofEpochMilli(at));
        } else {
            s.activationAt = 0;
            meter.event(at == 0 ? "image activation schedule cleared"
                    : at < 0 ? "activation schedule written with wildcards: nothing scheduled"
                    : "activation schedule written with a time in the past: nothing scheduled");
        }
        meter.save();
        return DataAccessResult.SUCCESS;
    }

    @Override
    public boolean writable(int attribute) {
        return attribute == 4;
    }

    private DataValue executionTime() {
        String hex = meter.state.executionTime;
        if (hex != null) {
            try {
                return Axdr.decode(HexFormat.of().parseHex(hex));
            } catch (DlmsCodecException e) {
                // fall through: a state file edited by hand
            }
        }
        return new DataValue.Array(List.of());
    }

    /** The instant (meter time, epoch ms) the value schedules, 0 to cancel, -1 for nothing schedulable. */
    private long parse(DataValue value) throws DlmsCodecException {
        List<DataValue> entries = DataValues.toArray(value, "execution_time");
        if (entries.isEmpty()) {
            return 0;
        }
        List<DataValue> e = DataValues.toStructure(entries.get(0), 2, "execution_time_date");
        CosemTime t = CosemTime.fromDataValue(e.get(0));
        CosemDate d = CosemDate.fromDataValue(e.get(1));
        for (DataValue other : entries) {
            List<DataValue> o = DataValues.toStructure(other, 2, "execution_time_date");
            CosemTime.fromDataValue(o.get(0));
            CosemDate.fromDataValue(o.get(1));
        }
        if (t.hour() == 0xFF && t.minute() == 0xFF && d.year() == 0xFFFF && d.month() == 0xFF
                && d.dayOfMonth() == 0xFF) {
            return 0;
        }
        if (t.hour() == 0xFF || t.minute() == 0xFF || d.year() == 0xFFFF || d.month() > 12
                || d.dayOfMonth() > 31) {
            return -1;
        }
        try {
            return OffsetDateTime.of(d.year(), d.month(), d.dayOfMonth(), t.hour(), t.minute(),
                    t.second() == 0xFF ? 0 : t.second(), t.hundredths() == 0xFF ? 0 : t.hundredths() * 10_000_000,
                    ZoneOffset.ofTotalSeconds(-meter.state.timeZone * 60)).toInstant().toEpochMilli();
        } catch (DateTimeException ex) {
            throw new DlmsCodecException("execution_time: no such date: " + d);
        }
    }
}
