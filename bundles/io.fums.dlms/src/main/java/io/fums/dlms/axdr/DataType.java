package io.fums.dlms.axdr;

/**
 * The DLMS data types and their A-XDR tags (Blue Book, "Data" CHOICE).
 * compact-array (19) is not modelled: decoders reject it.
 */
public enum DataType {
    /** null-data [0]. */
    NULL_DATA(0),
    /** array [1]: elements of one type. */
    ARRAY(1),
    /** structure [2]: elements of any types. */
    STRUCTURE(2),
    /** boolean [3]. */
    BOOLEAN(3),
    /** bit-string [4]. */
    BIT_STRING(4),
    /** double-long [5]: Integer32. */
    DOUBLE_LONG(5),
    /** double-long-unsigned [6]: Unsigned32. */
    DOUBLE_LONG_UNSIGNED(6),
    /** octet-string [9]. */
    OCTET_STRING(9),
    /** visible-string [10]. */
    VISIBLE_STRING(10),
    /** utf8-string [12]. */
    UTF8_STRING(12),
    /** bcd [13]: Integer8. */
    BCD(13),
    /** integer [15]: Integer8. */
    INTEGER(15),
    /** long [16]: Integer16. */
    LONG(16),
    /** unsigned [17]: Unsigned8. */
    UNSIGNED(17),
    /** long-unsigned [18]: Unsigned16. */
    LONG_UNSIGNED(18),
    /** long64 [20]: Integer64. */
    LONG64(20),
    /** long64-unsigned [21]: Unsigned64. */
    LONG64_UNSIGNED(21),
    /** enum [22]: Unsigned8. */
    ENUM(22),
    /** float32 [23]: IEEE 754 single precision. */
    FLOAT32(23),
    /** float64 [24]: IEEE 754 double precision. */
    FLOAT64(24),
    /** date-time [25]: 12 octets. */
    DATE_TIME(25),
    /** date [26]: 5 octets. */
    DATE(26),
    /** time [27]: 4 octets. */
    TIME(27),
    /** dont-care [255]. */
    DONT_CARE(255);

    private static final DataType[] BY_TAG = new DataType[256];

    static {
        for (DataType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    private final int tag;

    DataType(int tag) {
        this.tag = tag;
    }

    /** The A-XDR tag byte. */
    public int tag() {
        return tag;
    }

    /** The type with this tag, or {@code null} if the tag is not modelled. */
    public static DataType fromTag(int tag) {
        return tag >= 0 && tag < 256 ? BY_TAG[tag] : null;
    }
}
