package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The object_list of an Association LN object (class 15, attribute 2): what
 * a meter offers to the current association (Blue Book 4.4.3). Each element
 * is {@code object_list_element ::= structure { class_id: long-unsigned,
 * version: unsigned, logical_name: octet-string(6), access_rights }};
 * access_rights is a structure (attribute and method access, not decoded
 * here).
 *
 * @since 1.3
 */
public final class ObjectList {

    /** The largest object list accepted by default: a meter that lists more is refused (SEC-2). */
    public static final int DEFAULT_MAX_ENTRIES = 4096;

    /** Attribute 2 of the current association, 0-0:40.0.0.255. */
    public static final CosemAttributeDescriptor CURRENT_ASSOCIATION_OBJECT_LIST =
            new CosemAttributeDescriptor(CosemObjects.CLASS_ASSOCIATION_LN, CosemObjects.CURRENT_ASSOCIATION, 2);

    /**
     * One object a meter offers.
     *
     * @param classId     interface class
     * @param version     version of the interface class
     * @param logicalName the object's OBIS code
     */
    public record Entry(int classId, int version, ObisCode logicalName) {
    }

    private ObjectList() {
    }

    /**
     * Decodes an object_list value.
     *
     * @param value      the value of attribute 2
     * @param maxEntries the most entries accepted
     * @return the entries, in the meter's order
     * @throws DlmsCodecException if it is not an array of object_list_element, or it has more than
     *                            {@code maxEntries} entries
     */
    public static List<Entry> decode(DataValue value, int maxEntries) throws DlmsCodecException {
        List<DataValue> elements = DataValues.toArray(value, "object_list");
        if (elements.size() > maxEntries) {
            throw new DlmsCodecException("object_list: " + elements.size() + " entries, more than the " + maxEntries
                    + " accepted");
        }
        List<Entry> out = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String what = "object_list[" + i + "]";
            List<DataValue> e = DataValues.toStructure(elements.get(i), 4, what);
            if (!(e.get(0) instanceof DataValue.UInt16 classId)) {
                throw new DlmsCodecException(what + ".class_id: expected a long-unsigned, got " + e.get(0).type());
            }
            if (!(e.get(1) instanceof DataValue.UInt8 version)) {
                throw new DlmsCodecException(what + ".version: expected an unsigned, got " + e.get(1).type());
            }
            ObisCode name;
            try {
                name = ObisCode.fromDataValue(e.get(2));
            } catch (DlmsCodecException x) {
                throw new DlmsCodecException(what + ".logical_name: " + x.getMessage());
            }
            if (!(e.get(3) instanceof DataValue.Structure)) {
                throw new DlmsCodecException(what + ".access_rights: expected a structure, got " + e.get(3).type());
            }
            out.add(new Entry(classId.value(), version.value(), name));
        }
        return out;
    }

    /** The value of an object_list with the given entries and no access rights listed (a server's encoding). */
    public static DataValue encode(List<Entry> entries) {
        List<DataValue> list = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            list.add(DataValue.Structure.of(new DataValue.UInt16(e.classId()), new DataValue.UInt8(e.version()),
                    e.logicalName().toDataValue(),
                    DataValue.Structure.of(DataValue.Array.of(), DataValue.Array.of())));
        }
        return new DataValue.Array(list);
    }
}
