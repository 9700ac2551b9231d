package io.fums.dlms.cosem;

/**
 * Cosem-Attribute-Descriptor (IEC 62056-5-3): which attribute of which
 * object a GET or SET addresses. Encoded as class-id (long-unsigned),
 * instance-id (6 octets), attribute-id (integer).
 *
 * @param classId     interface class, 0..65535
 * @param instance    logical name of the object
 * @param attributeId attribute index, -128..127 (1 is always logical_name)
 */
public record CosemAttributeDescriptor(int classId, ObisCode instance, int attributeId) {

    /** Validates the ranges. */
    public CosemAttributeDescriptor {
        if (classId < 0 || classId > 0xFFFF) {
            throw new IllegalArgumentException("class id out of range: " + classId);
        }
        if (instance == null) {
            throw new IllegalArgumentException("instance is required");
        }
        if (attributeId < Byte.MIN_VALUE || attributeId > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("attribute id out of range: " + attributeId);
        }
    }

    @Override
    public String toString() {
        return "class " + classId + " " + instance + " attribute " + attributeId;
    }
}
