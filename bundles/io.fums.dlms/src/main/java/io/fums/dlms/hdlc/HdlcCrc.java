package io.fums.dlms.hdlc;

/**
 * The HDLC frame check sequence of IEC 62056-46 (ISO/IEC 13239): CRC-16/X.25,
 * polynomial 0x1021 processed reflected (0x8408), initial value 0xFFFF, final
 * XOR 0xFFFF; the check value of "123456789" is 0x906E. Transmitted least
 * significant byte first. Used for both the HCS and the FCS. Thread-safe.
 */
public final class HdlcCrc {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private HdlcCrc() {
    }

    /** The CRC of {@code len} bytes from {@code off}, as a 16-bit value. */
    public static int compute(byte[] data, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
        }
        return ~crc & 0xFFFF;
    }

    /** The CRC of the whole array. */
    public static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    /** Whether the two bytes at {@code at} (LSB first) are the CRC of the {@code len} bytes from {@code off}. */
    static boolean matches(byte[] data, int off, int len, int at) {
        int crc = compute(data, off, len);
        return (data[at] & 0xFF) == (crc & 0xFF) && (data[at + 1] & 0xFF) == (crc >>> 8);
    }
}
