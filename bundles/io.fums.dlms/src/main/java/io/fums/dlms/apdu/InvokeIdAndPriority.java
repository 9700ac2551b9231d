package io.fums.dlms.apdu;

/**
 * Invoke-Id-And-Priority (Green Book): bits 0-3 invoke-id, bit 6
 * service-class (1 = confirmed), bit 7 priority (1 = high); bits 4-5 are
 * reserved, ignored on input and sent as 0.
 *
 * @param invokeId     0..15, echoed by the server to match the response
 * @param confirmed    service class confirmed
 * @param highPriority priority high
 */
public record InvokeIdAndPriority(int invokeId, boolean confirmed, boolean highPriority) {

    /** Validates the invoke id. */
    public InvokeIdAndPriority {
        if (invokeId < 0 || invokeId > 15) {
            throw new IllegalArgumentException("invoke id must be 0..15: " + invokeId);
        }
    }

    /** Confirmed, high priority: the usual choice of a client, e.g. 0xC1 for invoke id 1. */
    public static InvokeIdAndPriority of(int invokeId) {
        return new InvokeIdAndPriority(invokeId, true, true);
    }

    /**
     * Unconfirmed, high priority, e.g. 0x81 for invoke id 1: a SET or ACTION
     * that the server applies without answering (broadcast, Green Book).
     */
    public static InvokeIdAndPriority unconfirmed(int invokeId) {
        return new InvokeIdAndPriority(invokeId, false, true);
    }

    /** The byte on the wire. */
    public int toByte() {
        return (highPriority ? 0x80 : 0) | (confirmed ? 0x40 : 0) | invokeId;
    }

    /** From the byte on the wire. */
    public static InvokeIdAndPriority fromByte(int b) {
        return new InvokeIdAndPriority(b & 0x0F, (b & 0x40) != 0, (b & 0x80) != 0);
    }
}
