package io.fums.dlms.axdr;

import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.internal.Hex;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Data values of every type, flat and nested, for round trips and as fuzzing seeds. */
public final class DataSamples {

    private DataSamples() {
    }

    public static List<DataValue> all() {
        List<DataValue> scalars = List.of(DataValue.NullData.INSTANCE, DataValue.DontCare.INSTANCE,
                new DataValue.Bool(true), DataValue.BitString.of(true, false, true, true, false, true, false, true, true),
                new DataValue.Int32(-123456), new DataValue.UInt32(4_000_000_000L),
                new DataValue.OctetString(new byte[300]), new DataValue.VisibleString("FUMS meter 0001"),
                new DataValue.Utf8String("Zähler"), new DataValue.Bcd(0x45), new DataValue.Int8(-5),
                new DataValue.Int16(-300), new DataValue.UInt8(200), new DataValue.UInt16(60000),
                new DataValue.Int64(Long.MIN_VALUE), new DataValue.UInt64(-2), new DataValue.Enumerated(6),
                new DataValue.Float32(3.5f), new DataValue.Float64(Double.NaN),
                new DataValue.DateTime(Hex.parse("07E4 01 01 FF 00 03 00 00 FF88 FF")),
                new DataValue.Date(Hex.parse("07E8 06 0F FF")), new DataValue.Time(Hex.parse("02 00 00 FF")));
        List<DataValue> all = new ArrayList<>(scalars);
        all.add(new DataValue.Structure(scalars));
        all.add(DataValue.Array.of(new DataValue.Structure(scalars), new DataValue.Structure(scalars)));
        all.add(CosemDateTime.of(OffsetDateTime.parse("2024-06-15T02:00:00+02:00"), 0).toDataValue());
        all.add(new ScalerUnit(-2, ScalerUnit.UNIT_WATT_HOUR).toDataValue());
        all.add(new ImageTransfer.InitiateParameters("FW-2.0".getBytes(), 262_144).toDataValue());
        all.add(new ImageTransfer.BlockParameters(12, new byte[192]).toDataValue());
        all.add(ImageToActivateInfo.toAttribute(List.of(new ImageToActivateInfo(262_144, new byte[8], new byte[64]))));
        all.add(CosemObjects.CLOCK.toDataValue());
        DataValue deep = new DataValue.UInt8(1);
        for (int i = 0; i < 15; i++) {
            deep = DataValue.Structure.of(deep, new DataValue.UInt16(i));
        }
        all.add(deep);
        List<DataValue> profile = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            profile.add(DataValue.Structure.of(new DataValue.OctetString(new byte[12]), new DataValue.UInt8(0),
                    new DataValue.UInt32(i * 1000L), new DataValue.UInt32(i)));
        }
        all.add(new DataValue.Array(profile));
        return all;
    }
}
