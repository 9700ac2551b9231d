package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.internal.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One element of image_to_activate_info (class 18 attribute 7):
 * {@code structure { image_to_activate_size double-long-unsigned,
 * image_to_activate_identification octet-string,
 * image_to_activate_signature octet-string }}.
 */
public record ImageToActivateInfo(long size, byte[] identification, byte[] signature) {

    /** Validates and copies. */
    public ImageToActivateInfo {
        if (size < 0 || size > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("image size out of range: " + size);
        }
        identification = identification.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] identification() {
        return identification.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The structure of one element. */
    public DataValue toDataValue() {
        return DataValue.Structure.of(new DataValue.UInt32(size), new DataValue.OctetString(identification),
                new DataValue.OctetString(signature));
    }

    /** The attribute value: an array of the given elements. */
    public static DataValue toAttribute(List<ImageToActivateInfo> infos) {
        List<DataValue> elements = new ArrayList<>();
        for (ImageToActivateInfo i : infos) {
            elements.add(i.toDataValue());
        }
        return new DataValue.Array(elements);
    }

    /** Parses the attribute value (array of structures). */
    public static List<ImageToActivateInfo> fromAttribute(DataValue v) throws DlmsCodecException {
        List<ImageToActivateInfo> out = new ArrayList<>();
        for (DataValue e : DataValues.toArray(v, "image_to_activate_info")) {
            List<DataValue> s = DataValues.toStructure(e, 3, "image_to_activate_info element");
            long size = DataValues.toLong(s.get(0), "image_to_activate_size");
            if (size < 0 || size > 0xFFFF_FFFFL) {
                throw new DlmsCodecException("image_to_activate_size out of range: " + size);
            }
            out.add(new ImageToActivateInfo(size, DataValues.toOctets(s.get(1), "image_to_activate_identification"),
                    DataValues.toOctets(s.get(2), "image_to_activate_signature")));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageToActivateInfo other && other.size == size
                && Arrays.equals(other.identification, identification) && Arrays.equals(other.signature, signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 * 31 + Arrays.hashCode(identification) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "ImageToActivateInfo[size=" + size + ", identification=" + Hex.format(identification)
                + ", signature=" + Hex.format(signature) + "]";
    }
}
