package io.fums.dlms.axdr;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.AxdrIo;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;

/**
 * A-XDR encoding and decoding of {@link DataValue} (IEC 62056-5-3 with the
 * A-XDR rules of IEC 61334-6): a tag byte, then the value; variable lengths
 * and element counts in short form (below 0x80) or long form (0x81, 0x82,
 * 0x84 followed by 1, 2 or 4 length bytes; 0x83 is accepted on input).
 * Encoding always uses the shortest form.
 *
 * <p>Decoding is bounded: every length is checked against the bytes left
 * and against {@link DecodeLimits#maxLength()} before anything is
 * allocated, and nesting is limited to {@link DecodeLimits#maxNestingDepth()}.
 * Malformed input throws {@link DlmsCodecException}, never anything else.
 * Thread-safe (stateless).
 */
public final class Axdr {

    private Axdr() {
    }

    /** The A-XDR encoding of {@code value}, tag included. */
    public static byte[] encode(DataValue value) {
        ByteWriter w = new ByteWriter();
        AxdrIo.write(w, value);
        return w.toByteArray();
    }

    /** Decodes exactly one value that spans the whole input, with default limits. */
    public static DataValue decode(byte[] encoded) throws DlmsCodecException {
        return decode(encoded, DecodeLimits.DEFAULT);
    }

    /** Decodes exactly one value that spans the whole input. */
    public static DataValue decode(byte[] encoded, DecodeLimits limits) throws DlmsCodecException {
        ByteReader r = new ByteReader(encoded);
        DataValue v = AxdrIo.read(r, limits);
        r.expectEnd("data value");
        return v;
    }
}
