package io.fums.dlms.axdr;

import io.fums.dlms.internal.Hex;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable DLMS data value: one alternative of the Blue Book's
 * {@code Data} CHOICE. Encode and decode with {@link Axdr}.
 *
 * <p>Each record validates its range on construction and throws
 * {@link IllegalArgumentException} for values the type cannot hold (that is
 * a programming error; malformed <em>input</em> is reported by {@link Axdr}
 * as a codec exception). Byte arrays are copied in and out.
 */
@ProviderType
public sealed interface DataValue {

    /** The DLMS type of this value. */
    DataType type();

    /** null-data. */
    record NullData() implements DataValue {
        /** The only instance needed. */
        public static final NullData INSTANCE = new NullData();

        @Override public DataType type() { return DataType.NULL_DATA; }
    }

    /** dont-care. */
    record DontCare() implements DataValue {
        /** The only instance needed. */
        public static final DontCare INSTANCE = new DontCare();

        @Override public DataType type() { return DataType.DONT_CARE; }
    }

    /** array: a sequence of elements (by convention of one type). */
    record Array(List<DataValue> elements) implements DataValue {
        public Array {
            elements = List.copyOf(elements);
        }

        public static Array of(DataValue... elements) {
            return new Array(List.of(elements));
        }

        @Override public DataType type() { return DataType.ARRAY; }
    }

    /** structure: a sequence of elements of any types. */
    record Structure(List<DataValue> elements) implements DataValue {
        public Structure {
            elements = List.copyOf(elements);
        }

        public static Structure of(DataValue... elements) {
            return new Structure(List.of(elements));
        }

        @Override public DataType type() { return DataType.STRUCTURE; }
    }

    /** boolean; encoded as 0x00 (false) or 0xFF (true), any non-zero decodes as true. */
    record Bool(boolean value) implements DataValue {
        @Override public DataType type() { return DataType.BOOLEAN; }
    }

    /**
     * bit-string: {@code bitLength} bits, first bit in the most significant
     * bit of the first byte.
     */
    record BitString(int bitLength, byte[] bytes) implements DataValue {
        public BitString {
            if (bitLength < 0 || bytes.length != (bitLength + 7) / 8) {
                throw new IllegalArgumentException("bit-string needs (bitLength + 7) / 8 bytes");
            }
            bytes = bytes.clone();
        }

        /** A bit-string from booleans, bit 0 first. */
        public static BitString of(boolean... bits) {
            byte[] b = new byte[(bits.length + 7) / 8];
            for (int i = 0; i < bits.length; i++) {
                if (bits[i]) {
                    b[i / 8] |= (byte) (0x80 >>> (i % 8));
                }
            }
            return new BitString(bits.length, b);
        }

        /** Bit {@code index} (0 = first). */
        public boolean get(int index) {
            Objects.checkIndex(index, bitLength);
            return (bytes[index / 8] & (0x80 >>> (index % 8))) != 0;
        }

        @Override public byte[] bytes() { return bytes.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof BitString other && other.bitLength == bitLength && Arrays.equals(other.bytes, bytes);
        }

        @Override public int hashCode() { return 31 * bitLength + Arrays.hashCode(bytes); }

        @Override public String toString() { return "BitString[" + bitLength + " bits: " + Hex.format(bytes) + "]"; }

        @Override public DataType type() { return DataType.BIT_STRING; }
    }

    /** double-long: signed 32-bit. */
    record Int32(int value) implements DataValue {
        @Override public DataType type() { return DataType.DOUBLE_LONG; }
    }

    /** double-long-unsigned: 0 to 4294967295. */
    record UInt32(long value) implements DataValue {
        public UInt32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("double-long-unsigned out of range: " + value);
            }
        }

        @Override public DataType type() { return DataType.DOUBLE_LONG_UNSIGNED; }
    }

    /** octet-string. */
    record OctetString(byte[] value) implements DataValue {
        public OctetString {
            value = value.clone();
        }

        @Override public byte[] value() { return value.clone(); }

        /** The length without copying. */
        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OctetString other && Arrays.equals(other.value, value);
        }

        @Override public int hashCode() { return Arrays.hashCode(value); }

        @Override public String toString() { return "OctetString[" + Hex.format(value) + "]"; }

        @Override public DataType type() { return DataType.OCTET_STRING; }
    }

    /**
     * visible-string: ISO 646 characters. Bytes map one to one to chars
     * 0..255 (ISO 8859-1), so any input round-trips unchanged.
     */
    record VisibleString(String value) implements DataValue {
        public VisibleString {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xFF) {
                    throw new IllegalArgumentException("visible-string holds single-byte characters only");
                }
            }
        }

        @Override public DataType type() { return DataType.VISIBLE_STRING; }
    }

    /** utf8-string. */
    record Utf8String(String value) implements DataValue {
        public Utf8String {
            Objects.requireNonNull(value, "value");
        }

        @Override public DataType type() { return DataType.UTF8_STRING; }
    }

    /** bcd: one octet, kept as its signed value -128..127 (Integer8). */
    record Bcd(int value) implements DataValue {
        public Bcd {
            checkRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "bcd");
        }

        @Override public DataType type() { return DataType.BCD; }
    }

    /** integer: signed 8-bit. */
    record Int8(int value) implements DataValue {
        public Int8 {
            checkRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "integer");
        }

        @Override public DataType type() { return DataType.INTEGER; }
    }

    /** long: signed 16-bit. */
    record Int16(int value) implements DataValue {
        public Int16 {
            checkRange(value, Short.MIN_VALUE, Short.MAX_VALUE, "long");
        }

        @Override public DataType type() { return DataType.LONG; }
    }

    /** unsigned: 0 to 255. */
    record UInt8(int value) implements DataValue {
        public UInt8 {
            checkRange(value, 0, 0xFF, "unsigned");
        }

        @Override public DataType type() { return DataType.UNSIGNED; }
    }

    /** long-unsigned: 0 to 65535. */
    record UInt16(int value) implements DataValue {
        public UInt16 {
            checkRange(value, 0, 0xFFFF, "long-unsigned");
        }

        @Override public DataType type() { return DataType.LONG_UNSIGNED; }
    }

    /** long64: signed 64-bit. */
    record Int64(long value) implements DataValue {
        @Override public DataType type() { return DataType.LONG64; }
    }

    /** long64-unsigned: the 64 bits are kept in a long; see {@link #bigValue()}. */
    record UInt64(long value) implements DataValue {
        /** The unsigned value. */
        public BigInteger bigValue() {
            return new BigInteger(Long.toUnsignedString(value));
        }

        @Override public DataType type() { return DataType.LONG64_UNSIGNED; }
    }

    /** enum: 0 to 255. */
    record Enumerated(int value) implements DataValue {
        public Enumerated {
            checkRange(value, 0, 0xFF, "enum");
        }

        @Override public DataType type() { return DataType.ENUM; }
    }

    /** float32. */
    record Float32(float value) implements DataValue {
        @Override public DataType type() { return DataType.FLOAT32; }
    }

    /** float64. */
    record Float64(double value) implements DataValue {
        @Override public DataType type() { return DataType.FLOAT64; }
    }

    /**
     * date-time [25]: the 12 raw octets; interpret with
     * {@link CosemDateTime#fromDataValue(DataValue)}. Most objects carry
     * date-time as an octet-string of 12 instead.
     */
    record DateTime(byte[] value) implements DataValue {
        public DateTime {
            value = checkedCopy(value, CosemDateTime.LENGTH, "date-time");
        }

        @Override public byte[] value() { return value.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof DateTime other && Arrays.equals(other.value, value);
        }

        @Override public int hashCode() { return Arrays.hashCode(value); }

        @Override public String toString() { return "DateTime[" + Hex.format(value) + "]"; }

        @Override public DataType type() { return DataType.DATE_TIME; }
    }

    /** date [26]: the 5 raw octets; interpret with {@link CosemDate}. */
    record Date(byte[] value) implements DataValue {
        public Date {
            value = checkedCopy(value, CosemDate.LENGTH, "date");
        }

        @Override public byte[] value() { return value.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Date other && Arrays.equals(other.value, value);
        }

        @Override public int hashCode() { return Arrays.hashCode(value); }

        @Override public String toString() { return "Date[" + Hex.format(value) + "]"; }

        @Override public DataType type() { return DataType.DATE; }
    }

    /** time [27]: the 4 raw octets; interpret with {@link CosemTime}. */
    record Time(byte[] value) implements DataValue {
        public Time {
            value = checkedCopy(value, CosemTime.LENGTH, "time");
        }

        @Override public byte[] value() { return value.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Time other && Arrays.equals(other.value, value);
        }

        @Override public int hashCode() { return Arrays.hashCode(value); }

        @Override public String toString() { return "Time[" + Hex.format(value) + "]"; }

        @Override public DataType type() { return DataType.TIME; }
    }

    private static void checkRange(long value, long min, long max, String type) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(type + " out of range: " + value);
        }
    }

    private static byte[] checkedCopy(byte[] value, int length, String type) {
        if (value.length != length) {
            throw new IllegalArgumentException(type + " needs exactly " + length + " octets");
        }
        return value.clone();
    }
}
