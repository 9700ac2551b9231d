package io.fums.dlms.axdr;

import io.fums.dlms.DlmsCodecException;
import java.util.List;

/**
 * Typed access to decoded values: each method returns the expected content
 * or throws {@link DlmsCodecException} naming what was expected and what was
 * received. Use them when interpreting an attribute that a peer sent, where
 * an unexpected type is a protocol error.
 */
public final class DataValues {

    private DataValues() {
    }

    /**
     * Any integer type (integer, long, double-long, long64, unsigned,
     * long-unsigned, double-long-unsigned, enum, bcd) as a long; a
     * long64-unsigned above Long.MAX_VALUE is refused.
     */
    public static long toLong(DataValue v, String what) throws DlmsCodecException {
        if (v instanceof DataValue.Int8 x) {
            return x.value();
        } else if (v instanceof DataValue.Int16 x) {
            return x.value();
        } else if (v instanceof DataValue.Int32 x) {
            return x.value();
        } else if (v instanceof DataValue.Int64 x) {
            return x.value();
        } else if (v instanceof DataValue.UInt8 x) {
            return x.value();
        } else if (v instanceof DataValue.UInt16 x) {
            return x.value();
        } else if (v instanceof DataValue.UInt32 x) {
            return x.value();
        } else if (v instanceof DataValue.Enumerated x) {
            return x.value();
        } else if (v instanceof DataValue.Bcd x) {
            return x.value();
        } else if (v instanceof DataValue.UInt64 x) {
            if (x.value() < 0) {
                throw new DlmsCodecException(what + ": long64-unsigned value too large");
            }
            return x.value();
        }
        throw mismatch(what, "an integer", v);
    }

    /** The bytes of an octet-string. */
    public static byte[] toOctets(DataValue v, String what) throws DlmsCodecException {
        if (v instanceof DataValue.OctetString s) {
            return s.value();
        }
        throw mismatch(what, "an octet-string", v);
    }

    /** The value of a boolean. */
    public static boolean toBoolean(DataValue v, String what) throws DlmsCodecException {
        if (v instanceof DataValue.Bool b) {
            return b.value();
        }
        throw mismatch(what, "a boolean", v);
    }

    /** The text of a visible-string or utf8-string. */
    public static String toText(DataValue v, String what) throws DlmsCodecException {
        if (v instanceof DataValue.VisibleString s) {
            return s.value();
        } else if (v instanceof DataValue.Utf8String s) {
            return s.value();
        }
        throw mismatch(what, "a string", v);
    }

    /** The elements of a structure with exactly {@code size} elements. */
    public static List<DataValue> toStructure(DataValue v, int size, String what) throws DlmsCodecException {
        if (v instanceof DataValue.Structure s) {
            if (s.elements().size() != size) {
                throw new DlmsCodecException(what + ": expected a structure of " + size
                        + " elements, got " + s.elements().size());
            }
            return s.elements();
        }
        throw mismatch(what, "a structure", v);
    }

    /** The elements of an array. */
    public static List<DataValue> toArray(DataValue v, String what) throws DlmsCodecException {
        if (v instanceof DataValue.Array a) {
            return a.elements();
        }
        throw mismatch(what, "an array", v);
    }

    private static DlmsCodecException mismatch(String what, String expected, DataValue got) {
        return new DlmsCodecException(what + ": expected " + expected + ", got "
                + (got == null ? "nothing" : got.type().name().toLowerCase().replace('_', '-')));
    }
}
