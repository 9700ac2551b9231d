package io.fums.dlms.wrapper;

import io.fums.dlms.DlmsCodecException;

/**
 * The wrapper header of IEC 62056-47: four big-endian 16-bit fields,
 * version (always 1), source wPort, destination wPort, length of the APDU
 * that follows. A client's wPort is its client SAP (e.g. 0x10 public
 * client), a server's the logical device address (e.g. 0x01 management).
 *
 * @param version         protocol version, {@link #VERSION}
 * @param sourceWport     sender's wrapper port, 0..65535
 * @param destinationWport receiver's wrapper port, 0..65535
 * @param length          APDU length, 0..65535
 */
public record WrapperHeader(int version, int sourceWport, int destinationWport, int length) {

    /** The only version defined. */
    public static final int VERSION = 1;
    /** Header size in bytes. */
    public static final int SIZE = 8;
    /** IANA-registered DLMS/COSEM port for TCP and UDP. */
    public static final int DEFAULT_PORT = 4059;

    /** Validates the ranges. */
    public WrapperHeader {
        for (int v : new int[] {version, sourceWport, destinationWport, length}) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("wrapper header fields are 16-bit");
            }
        }
    }

    /** The 8 header bytes. */
    public byte[] encode() {
        return new byte[] {(byte) (version >>> 8), (byte) version, (byte) (sourceWport >>> 8), (byte) sourceWport,
            (byte) (destinationWport >>> 8), (byte) destinationWport, (byte) (length >>> 8), (byte) length};
    }

    /**
     * Decodes 8 header bytes at {@code off}; a version other than 1 is refused.
     */
    public static WrapperHeader decode(byte[] b, int off) throws DlmsCodecException {
        if (off < 0 || b.length - off < SIZE) {
            throw new DlmsCodecException("wrapper header needs 8 bytes");
        }
        int version = u16(b, off);
        if (version != VERSION) {
            throw new DlmsCodecException("unsupported wrapper version " + version);
        }
        return new WrapperHeader(version, u16(b, off + 2), u16(b, off + 4), u16(b, off + 6));
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }
}
