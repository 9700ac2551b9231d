package io.fums.dlms.apdu;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The xDLMS conformance block (Green Book): 24 bits, bit 0 first (most
 * significant bit of the first octet), encoded as
 * {@code [APPLICATION 31] IMPLICIT BIT STRING (SIZE(24))}, that is
 * {@code 5F 1F 04 00} followed by the three octets.
 *
 * @param bits the 24 bits, bit 0 in bit 23 of the int
 */
public record Conformance(int bits) {

    /** The named bits of the conformance block. */
    public enum Bit {
        RESERVED_ZERO, GENERAL_PROTECTION, GENERAL_BLOCK_TRANSFER, READ, WRITE, UNCONFIRMED_WRITE,
        DELTA_VALUE_ENCODING, RESERVED_SEVEN, ATTRIBUTE0_SUPPORTED_WITH_SET, PRIORITY_MGMT_SUPPORTED,
        ATTRIBUTE0_SUPPORTED_WITH_GET, BLOCK_TRANSFER_WITH_GET_OR_READ, BLOCK_TRANSFER_WITH_SET_OR_WRITE,
        BLOCK_TRANSFER_WITH_ACTION, MULTIPLE_REFERENCES, INFORMATION_REPORT, DATA_NOTIFICATION, ACCESS,
        PARAMETERIZED_ACCESS, GET, SET, SELECTIVE_ACCESS, EVENT_NOTIFICATION, ACTION;

        /** The bit's position, 0..23. */
        public int position() {
            return ordinal();
        }

        int mask() {
            return 1 << (23 - ordinal());
        }
    }

    /** Validates that only 24 bits are used. */
    public Conformance {
        if ((bits & ~0xFF_FFFF) != 0) {
            throw new IllegalArgumentException("conformance block has 24 bits");
        }
    }

    /** A block with the given bits set. */
    public static Conformance of(Bit... set) {
        int b = 0;
        for (Bit bit : set) {
            b |= bit.mask();
        }
        return new Conformance(b);
    }

    /** Whether {@code bit} is set. */
    public boolean has(Bit bit) {
        return (bits & bit.mask()) != 0;
    }

    /** The bits set in both blocks: what a server negotiates from a proposal. */
    public Conformance and(Conformance other) {
        return new Conformance(bits & other.bits);
    }

    /** The set bits. */
    public Set<Bit> toSet() {
        Set<Bit> s = EnumSet.noneOf(Bit.class);
        for (Bit bit : Bit.values()) {
            if (has(bit)) {
                s.add(bit);
            }
        }
        return s;
    }

    void write(ByteWriter w) {
        w.u8(0x5F).u8(0x1F).u8(0x04).u8(0x00).u8(bits >>> 16).u8(bits >>> 8).u8(bits);
    }

    static Conformance read(ByteReader r) throws DlmsCodecException {
        if (r.u8() != 0x5F || r.u8() != 0x1F) {
            throw r.error("conformance block must start with tag 5F 1F");
        }
        if (r.u8() != 0x04) {
            throw r.error("conformance block must have length 4");
        }
        int unused = r.u8();
        if (unused > 7) {
            throw r.error("conformance block: invalid unused-bits count " + unused);
        }
        return new Conformance((r.u8() << 16) | (r.u8() << 8) | r.u8());
    }

    @Override
    public String toString() {
        return "Conformance" + toSet();
    }
}
