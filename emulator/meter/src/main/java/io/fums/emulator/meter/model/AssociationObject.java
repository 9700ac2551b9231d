package io.fums.emulator.meter.model;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The current association (class 15, version 1) at 0-0:40.0.0.255, as far
 * as the meter's objects go: attribute 2 object_list with access rights.
 * The attributes that describe the association itself (partners, context,
 * mechanism, secret, status) belong to the server session and are
 * unavailable here.
 */
final class AssociationObject implements CosemObject {

    private final Collection<CosemObject> objects;
    private final Predicate<ObisCode> present;

    /** @param present whether the meter has an object (a fault may say it lacks one: it is not listed either) */
    AssociationObject(Collection<CosemObject> objects, Predicate<ObisCode> present) {
        this.objects = objects;
        this.present = present;
    }

    @Override public int classId() { return CosemObjects.CLASS_ASSOCIATION_LN; }

    @Override public int classVersion() { return 1; }

    @Override public ObisCode name() { return CosemObjects.CURRENT_ASSOCIATION; }

    @Override public int attributeCount() { return 9; }

    @Override
    public GetOutcome get(int attribute) {
        if (attribute != 2) {
            return GetOutcome.failed(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        List<DataValue> list = new ArrayList<>();
        for (CosemObject o : objects) {
            if (!present.test(o.name())) {
                continue;
            }
            list.add(DataValue.Structure.of(new DataValue.UInt16(o.classId()), new DataValue.UInt8(o.classVersion()),
                    o.name().toDataValue(), accessRights(o)));
        }
        return GetOutcome.of(new DataValue.Array(list));
    }

    private static DataValue accessRights(CosemObject o) {
        List<DataValue> attributes = new ArrayList<>();
        for (int a = 1; a <= o.attributeCount(); a++) {
            attributes.add(DataValue.Structure.of(new DataValue.Int8(a), new DataValue.Enumerated(o.writable(a) ? 3 : 1),
                    DataValue.NullData.INSTANCE));
        }
        List<DataValue> methods = new ArrayList<>();
        for (int m = 1; m <= o.methodCount(); m++) {
            methods.add(DataValue.Structure.of(new DataValue.Int8(m), new DataValue.Enumerated(1)));
        }
        return DataValue.Structure.of(new DataValue.Array(attributes), new DataValue.Array(methods));
    }

    static List<MeterModel.ObjectInfo> infos(Collection<CosemObject> objects) {
        List<MeterModel.ObjectInfo> out = new ArrayList<>();
        for (CosemObject o : objects) {
            out.add(new MeterModel.ObjectInfo(o.classId(), o.classVersion(), o.name()));
        }
        return out;
    }
}
