package io.fums.dlms.hdlc;

/**
 * An HDLC address of IEC 62056-46: one, two or four bytes, each carrying
 * seven address bits shifted left, the last byte's least significant bit
 * set. A client address is one byte (e.g. 0x10 public client: 0x21). A
 * server address holds an upper HDLC address (logical device, e.g. 1 for the
 * management logical device) and optionally a lower HDLC address (physical
 * device): one byte = upper only (7 bits), two bytes = 7 + 7 bits, four
 * bytes = 14 + 14 bits.
 *
 * @param upper the (upper) address
 * @param lower the lower address, or -1 for a one-byte address
 * @param size  encoded size: 1, 2 or 4 bytes
 */
public record HdlcAddress(int upper, int lower, int size) {

    /** Broadcast "all stations" address in a one-byte address or in either 7-bit half of a two-byte one (0x7F). */
    public static final int ALL_STATIONS_1 = 0x7F;
    /** Broadcast "all stations" address in either 14-bit half of a four-byte address (0x3FFF). */
    public static final int ALL_STATIONS_2 = 0x3FFF;

    /** Validates that the values fit the size. */
    public HdlcAddress {
        int max = switch (size) {
            case 1, 2 -> 0x7F;
            case 4 -> 0x3FFF;
            default -> throw new IllegalArgumentException("HDLC address size must be 1, 2 or 4");
        };
        if (upper < 0 || upper > max) {
            throw new IllegalArgumentException("upper HDLC address out of range: " + upper);
        }
        if (size == 1 ? lower != -1 : lower < 0 || lower > max) {
            throw new IllegalArgumentException("lower HDLC address out of range: " + lower);
        }
    }

    /** A one-byte address, e.g. a client SAP. */
    public static HdlcAddress of(int address) {
        return new HdlcAddress(address, -1, 1);
    }

    /** A server address with upper and lower parts, in 2 bytes if both fit 7 bits, else 4. */
    public static HdlcAddress of(int upper, int lower) {
        return new HdlcAddress(upper, lower, upper <= 0x7F && lower <= 0x7F ? 2 : 4);
    }

    /**
     * The all-station (broadcast) server address of IEC 62056-46 in
     * {@code size} bytes: 0x7F in one byte, upper and lower 0x7F in two,
     * upper and lower 0x3FFF in four. Every logical device of every physical
     * device on the medium takes a frame sent to it; none may answer.
     */
    public static HdlcAddress allStations(int size) {
        return switch (size) {
            case 1 -> new HdlcAddress(ALL_STATIONS_1, -1, 1);
            case 2 -> new HdlcAddress(ALL_STATIONS_1, ALL_STATIONS_1, 2);
            case 4 -> new HdlcAddress(ALL_STATIONS_2, ALL_STATIONS_2, 4);
            default -> throw new IllegalArgumentException("HDLC address size must be 1, 2 or 4");
        };
    }

    /**
     * Logical device {@code logicalDevice} of every physical device: the
     * lower (physical) address is all-station, 0x7F in two bytes or 0x3FFF in
     * four ({@code size} 2 or 4).
     */
    public static HdlcAddress allPhysicalDevices(int logicalDevice, int size) {
        if (size != 2 && size != 4) {
            throw new IllegalArgumentException("a physical device address needs 2 or 4 bytes");
        }
        return new HdlcAddress(logicalDevice, size == 2 ? ALL_STATIONS_1 : ALL_STATIONS_2, size);
    }

    /** Whether the upper or the lower address is the all-station address of this size. */
    public boolean isAllStations() {
        return upperIsAll() || lowerIsAll();
    }

    private boolean upperIsAll() {
        return upper == (size == 4 ? ALL_STATIONS_2 : ALL_STATIONS_1);
    }

    private boolean lowerIsAll() {
        return size > 1 && lower == (size == 4 ? ALL_STATIONS_2 : ALL_STATIONS_1);
    }

    /**
     * Whether a frame sent to this address is for the server at
     * {@code station}: the same address, or an all-station address whose
     * other half (if it is not all-station as well) is the station's. A
     * one-byte all-station address reaches every server.
     */
    public boolean reaches(HdlcAddress station) {
        if (upper == station.upper && lower == station.lower) {
            return true;
        }
        if (!isAllStations()) {
            return false;
        }
        boolean upperOk = upperIsAll() || upper == station.upper;
        boolean lowerOk = size == 1 || lowerIsAll() || lower == station.lower;
        return upperOk && lowerOk;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        return switch (size) {
            case 1 -> new byte[] {(byte) ((upper << 1) | 1)};
            case 2 -> new byte[] {(byte) (upper << 1), (byte) ((lower << 1) | 1)};
            default -> new byte[] {(byte) ((upper >>> 7) << 1), (byte) ((upper & 0x7F) << 1),
                (byte) ((lower >>> 7) << 1), (byte) (((lower & 0x7F) << 1) | 1)};
        };
    }

    /**
     * The size of the address starting at {@code off}, found by the extension
     * bit; -1 if no byte within four has it, or the length is 3.
     */
    static int sizeAt(byte[] b, int off, int end) {
        for (int i = 0; i < 4 && off + i < end; i++) {
            if ((b[off + i] & 1) != 0) {
                return i == 2 ? -1 : i + 1;
            }
        }
        return -1;
    }

    /** Decodes an address of known size (see {@link #sizeAt}). */
    static HdlcAddress decode(byte[] b, int off, int size) {
        return switch (size) {
            case 1 -> new HdlcAddress((b[off] & 0xFF) >>> 1, -1, 1);
            case 2 -> new HdlcAddress((b[off] & 0xFF) >>> 1, (b[off + 1] & 0xFF) >>> 1, 2);
            default -> new HdlcAddress((((b[off] & 0xFF) >>> 1) << 7) | ((b[off + 1] & 0xFF) >>> 1),
                    (((b[off + 2] & 0xFF) >>> 1) << 7) | ((b[off + 3] & 0xFF) >>> 1), 4);
        };
    }

    @Override
    public String toString() {
        return size == 1 ? "0x" + Integer.toHexString(upper)
                : "0x" + Integer.toHexString(upper) + "/0x" + Integer.toHexString(lower);
    }
}
