package io.fums.dlms.cosem;

/**
 * Cosem-Method-Descriptor (IEC 62056-5-3): which method of which object an
 * ACTION invokes. Encoded as class-id (long-unsigned), instance-id
 * (6 octets), method-id (integer).
 *
 * @param classId  interface class, 0..65535
 * @param instance logical name of the object
 * @param methodId method index, -128..127
 */
public record CosemMethodDescriptor(int classId, ObisCode instance, int methodId) {

    /** Validates the ranges. */
    public CosemMethodDescriptor {
        if (classId < 0 || classId > 0xFFFF) {
            throw new IllegalArgumentException("class id out of range: " + classId);
        }
        if (instance == null) {
            throw new IllegalArgumentException("instance is required");
        }
        if (methodId < Byte.MIN_VALUE || methodId > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("method id out of range: " + methodId);
        }
    }

    @Override
    public String toString() {
        return "class " + classId + " " + instance + " method " + methodId;
    }
}
