package io.fums.dlms.internal;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataType;
import io.fums.dlms.axdr.DataValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A-XDR encoding of {@link DataValue}: a tag byte, then the value; lengths
 * and element counts in the A-XDR length form. Decoding is bounded by
 * {@link DecodeLimits} and by the bytes left, and recurses at most
 * {@code maxNestingDepth} levels.
 */
public final class AxdrIo {

    private AxdrIo() {
    }

    public static void write(ByteWriter w, DataValue v) {
        w.u8(v.type().tag());
        switch (v.type()) {
            case NULL_DATA, DONT_CARE -> { }
            case ARRAY -> writeAll(w, ((DataValue.Array) v).elements());
            case STRUCTURE -> writeAll(w, ((DataValue.Structure) v).elements());
            case BOOLEAN -> w.u8(((DataValue.Bool) v).value() ? 0xFF : 0x00);
            case BIT_STRING -> {
                DataValue.BitString b = (DataValue.BitString) v;
                w.length(b.bitLength()).bytes(b.bytes());
            }
            case DOUBLE_LONG -> w.u32(((DataValue.Int32) v).value());
            case DOUBLE_LONG_UNSIGNED -> w.u32(((DataValue.UInt32) v).value());
            case OCTET_STRING -> {
                byte[] b = ((DataValue.OctetString) v).value();
                w.length(b.length).bytes(b);
            }
            case VISIBLE_STRING -> {
                byte[] b = ((DataValue.VisibleString) v).value().getBytes(StandardCharsets.ISO_8859_1);
                w.length(b.length).bytes(b);
            }
            case UTF8_STRING -> {
                byte[] b = ((DataValue.Utf8String) v).value().getBytes(StandardCharsets.UTF_8);
                w.length(b.length).bytes(b);
            }
            case BCD -> w.u8(((DataValue.Bcd) v).value());
            case INTEGER -> w.u8(((DataValue.Int8) v).value());
            case LONG -> w.u16(((DataValue.Int16) v).value());
            case UNSIGNED -> w.u8(((DataValue.UInt8) v).value());
            case LONG_UNSIGNED -> w.u16(((DataValue.UInt16) v).value());
            case LONG64 -> w.u64(((DataValue.Int64) v).value());
            case LONG64_UNSIGNED -> w.u64(((DataValue.UInt64) v).value());
            case ENUM -> w.u8(((DataValue.Enumerated) v).value());
            case FLOAT32 -> w.u32(Float.floatToRawIntBits(((DataValue.Float32) v).value()));
            case FLOAT64 -> w.u64(Double.doubleToRawLongBits(((DataValue.Float64) v).value()));
            case DATE_TIME -> w.bytes(((DataValue.DateTime) v).value());
            case DATE -> w.bytes(((DataValue.Date) v).value());
            case TIME -> w.bytes(((DataValue.Time) v).value());
            default -> throw new IllegalStateException("unhandled type " + v.type());
        }
    }

    private static void writeAll(ByteWriter w, List<DataValue> elements) {
        w.length(elements.size());
        for (DataValue e : elements) {
            write(w, e);
        }
    }

    /** Reads one value starting at nesting depth 0. */
    public static DataValue read(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        return read(r, limits, 0);
    }

    private static DataValue read(ByteReader r, DecodeLimits limits, int depth) throws DlmsCodecException {
        int tag = r.u8();
        DataType type = DataType.fromTag(tag);
        if (type == null) {
            throw r.error(tag == 19 ? "compact-array is not supported" : "unknown data type tag " + tag);
        }
        switch (type) {
            case NULL_DATA:
                return DataValue.NullData.INSTANCE;
            case DONT_CARE:
                return DataValue.DontCare.INSTANCE;
            case ARRAY:
                return new DataValue.Array(readElements(r, limits, depth, "array"));
            case STRUCTURE:
                return new DataValue.Structure(readElements(r, limits, depth, "structure"));
            case BOOLEAN:
                return new DataValue.Bool(r.u8() != 0);
            case BIT_STRING: {
                long bits = r.length(Math.min((long) limits.maxLength() * 8, Integer.MAX_VALUE));
                long octets = (bits + 7) / 8;
                return new DataValue.BitString((int) bits, r.bytes(octets));
            }
            case DOUBLE_LONG:
                return new DataValue.Int32(r.i32());
            case DOUBLE_LONG_UNSIGNED:
                return new DataValue.UInt32(r.u32());
            case OCTET_STRING:
                return new DataValue.OctetString(r.bytes(r.length(limits.maxLength())));
            case VISIBLE_STRING:
                return new DataValue.VisibleString(
                        new String(r.bytes(r.length(limits.maxLength())), StandardCharsets.ISO_8859_1));
            case UTF8_STRING:
                return new DataValue.Utf8String(utf8(r, r.bytes(r.length(limits.maxLength()))));
            case BCD:
                return new DataValue.Bcd(r.i8());
            case INTEGER:
                return new DataValue.Int8(r.i8());
            case LONG:
                return new DataValue.Int16(r.i16());
            case UNSIGNED:
                return new DataValue.UInt8(r.u8());
            case LONG_UNSIGNED:
                return new DataValue.UInt16(r.u16());
            case LONG64:
                return new DataValue.Int64(r.i64());
            case LONG64_UNSIGNED:
                return new DataValue.UInt64(r.i64());
            case ENUM:
                return new DataValue.Enumerated(r.u8());
            case FLOAT32:
                return new DataValue.Float32(Float.intBitsToFloat(r.i32()));
            case FLOAT64:
                return new DataValue.Float64(Double.longBitsToDouble(r.i64()));
            case DATE_TIME:
                return new DataValue.DateTime(r.bytes(12));
            case DATE:
                return new DataValue.Date(r.bytes(5));
            case TIME:
                return new DataValue.Time(r.bytes(4));
            default:
                throw r.error("unhandled data type " + type);
        }
    }

    private static List<DataValue> readElements(ByteReader r, DecodeLimits limits, int depth, String what)
            throws DlmsCodecException {
        if (depth + 1 > limits.maxNestingDepth()) {
            throw r.error(what + " nested deeper than " + limits.maxNestingDepth());
        }
        long count = r.length(limits.maxLength());
        // every element takes at least one byte: a count beyond the input is a lie
        if (count > r.remaining()) {
            throw r.error(what + " declares " + count + " elements but only " + r.remaining() + " byte(s) are left");
        }
        if (count == 0) {
            return List.of();
        }
        List<DataValue> elements = new ArrayList<>((int) Math.min(count, 64));
        for (long i = 0; i < count; i++) {
            elements.add(read(r, limits, depth + 1));
        }
        return elements;
    }

    private static String utf8(ByteReader r, byte[] bytes) throws DlmsCodecException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw r.error("utf8-string is not valid UTF-8");
        }
    }
}
