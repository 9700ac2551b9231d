package io.fums.emulator.meter.model;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The clock (class 8, version 0) at 0-0:1.0.0.255: attribute 2 time
 * (settable: the meter's clock runs at an offset from the emulator's time),
 * 3 time_zone (settable, minutes, {@code UTC = local + deviation}), 4
 * status, 5/6 daylight saving begin and end (unspecified), 7 deviation 0, 8
 * daylight saving disabled, 9 clock base (1, internal crystal). Method 6
 * shift_time (long, seconds) is supported; the other adjust methods are
 * denied.
 */
final class ClockObject implements CosemObject {

    private static final byte[] UNSPECIFIED = new CosemDateTime(CosemDateTime.YEAR_NOT_SPECIFIED, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, CosemDateTime.DEVIATION_NOT_SPECIFIED, 0xFF).toBytes();
    private final Meter meter;

    ClockObject(Meter meter) {
        this.meter = meter;
    }

    @Override public int classId() { return CosemObjects.CLASS_CLOCK; }

    @Override public ObisCode name() { return CosemObjects.CLOCK; }

    @Override public int attributeCount() { return 9; }

    @Override public int methodCount() { return 6; }

    @Override
    public GetOutcome get(int attribute) {
        return GetOutcome.of(switch (attribute) {
            case 2 -> localTime(meter.meterNow(), meter.state.timeZone).toDataValue();
            case 3 -> new DataValue.Int16(meter.state.timeZone);
            case 4 -> new DataValue.UInt8(0);
            case 5, 6 -> new DataValue.OctetString(UNSPECIFIED);
            case 7 -> new DataValue.Int8(0);
            case 8 -> new DataValue.Bool(false);
            default -> new DataValue.Enumerated(1);
        });
    }

    @Override
    public DataAccessResult set(int attribute, DataValue value) {
        try {
            if (attribute == 2) {
                OffsetDateTime t = CosemDateTime.fromDataValue(value).toOffsetDateTime();
                meter.state.clockOffsetMillis = t.toInstant().toEpochMilli() - meter.now();
                meter.event("clock set to " + t);
            } else if (attribute == 3) {
                long tz = DataValues.toLong(value, "time_zone");
                if (tz < -720 || tz > 720) {
                    return DataAccessResult.OTHER_REASON;
                }
                meter.state.timeZone = (int) tz;
            } else {
                return DataAccessResult.READ_WRITE_DENIED;
            }
        } catch (DlmsCodecException e) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        meter.save();
        return DataAccessResult.SUCCESS;
    }

    @Override
    public ActionOutcome action(int method, DataValue parameters) {
        if (method != 6) {
            return new ActionOutcome(ActionResult.READ_WRITE_DENIED, null);
        }
        try {
            long seconds = DataValues.toLong(parameters, "shift_time");
            if (seconds < -900 || seconds > 900) {
                return new ActionOutcome(ActionResult.OTHER_REASON, null);
            }
            meter.state.clockOffsetMillis += seconds * 1000;
            meter.save();
            return ActionOutcome.success();
        } catch (DlmsCodecException e) {
            return new ActionOutcome(ActionResult.TYPE_UNMATCHED, null);
        }
    }

    @Override
    public boolean writable(int attribute) {
        return attribute == 2 || attribute == 3;
    }

    /** The date-time of {@code epochMillis} in the local time of a meter with deviation {@code timeZone}. */
    static CosemDateTime localTime(long epochMillis, int timeZone) {
        OffsetDateTime t = Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.ofTotalSeconds(-timeZone * 60));
        return CosemDateTime.of(t, 0);
    }
}
