package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;

/** The few BER (X.690) constructs ACSE needs: single-byte tags, definite lengths. */
final class Ber {

    static final int OCTET_STRING = 0x04;
    static final int INTEGER = 0x02;
    static final int OBJECT_IDENTIFIER = 0x06;

    private Ber() {
    }

    static void tlv(ByteWriter w, int tag, byte[] content) {
        w.u8(tag).length(content.length).bytes(content);
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteWriter w = new ByteWriter(content.length + 6);
        tlv(w, tag, content);
        return w.toByteArray();
    }

    /** Reads a tag; multi-byte tags do not occur in ACSE APDUs. */
    static int tag(ByteReader r) throws DlmsCodecException {
        int tag = r.u8();
        if ((tag & 0x1F) == 0x1F) {
            throw r.error("multi-byte BER tag " + Integer.toHexString(tag) + " is not expected here");
        }
        return tag;
    }

    /** Reads a length and returns a reader over that many content bytes. */
    static ByteReader content(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        return r.slice(r.length(limits.maxLength()));
    }

    /** The value of a TLV with the expected tag that fills {@code r}. */
    static byte[] expect(ByteReader r, int tag, DecodeLimits limits, String what) throws DlmsCodecException {
        int t = tag(r);
        if (t != tag) {
            throw r.error(what + ": expected tag " + Integer.toHexString(tag) + ", got " + Integer.toHexString(t));
        }
        ByteReader c = content(r, limits);
        byte[] value = c.bytes(c.remaining());
        r.expectEnd(what);
        return value;
    }

    /** A small non-negative INTEGER (1 to 4 content octets) that fills {@code r}. */
    static int smallInteger(ByteReader r, DecodeLimits limits, String what) throws DlmsCodecException {
        byte[] v = expect(r, INTEGER, limits, what);
        if (v.length < 1 || v.length > 4 || v[0] < 0) {
            throw r.error(what + ": integer out of range");
        }
        int n = 0;
        for (byte b : v) {
            n = (n << 8) | (b & 0xFF);
        }
        return n;
    }

    /** An ACSE-requirements bit string: returns the authentication bit (bit 0). */
    static boolean authenticationBit(ByteReader c) throws DlmsCodecException {
        int unused = c.u8();
        if (unused > 7 || !c.hasRemaining()) {
            throw c.error("invalid ACSE requirements bit string");
        }
        boolean authentication = (c.u8() & 0x80) != 0;
        c.skip(c.remaining());
        return authentication;
    }

    /** Authentication-value: only the charstring [0] alternative is used by DLMS. */
    static byte[] authenticationValue(ByteReader c, DecodeLimits limits) throws DlmsCodecException {
        return expect(c, 0x80, limits, "authentication value (charstring)");
    }
}
