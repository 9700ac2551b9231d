package io.fums.emulator.meter.model;

import io.fums.dlms.axdr.DataValue;
import java.util.HexFormat;

/**
 * The text form of a configuration setting's value, as the population
 * config and the state file hold it: {@code u8:}, {@code u16:},
 * {@code u32:}, {@code i32:}, {@code bool:}, {@code str:} (visible-string),
 * {@code hex:} (octet-string). Stateless.
 */
public final class SettingValue {

    private SettingValue() {
    }

    /**
     * The value of {@code text}.
     *
     * @throws IllegalArgumentException if the text has no known prefix or the value does not fit
     */
    public static DataValue parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("setting value needs a type prefix (u8:, u16:, u32:, i32:, bool:, "
                    + "str:, hex:): " + text);
        }
        String v = text.substring(colon + 1);
        try {
            return switch (text.substring(0, colon)) {
                case "u8" -> new DataValue.UInt8(Integer.parseInt(v));
                case "u16" -> new DataValue.UInt16(Integer.parseInt(v));
                case "u32" -> new DataValue.UInt32(Long.parseLong(v));
                case "i32" -> new DataValue.Int32(Integer.parseInt(v));
                case "bool" -> new DataValue.Bool(Boolean.parseBoolean(v));
                case "str" -> new DataValue.VisibleString(v);
                case "hex" -> new DataValue.OctetString(HexFormat.of().parseHex(v));
                default -> throw new IllegalArgumentException("unknown setting type: " + text);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad setting value: " + text, e);
        }
    }

    /** The text of {@code value}, or null if settings cannot hold its type. */
    public static String format(DataValue value) {
        if (value instanceof DataValue.UInt8 x) {
            return "u8:" + x.value();
        } else if (value instanceof DataValue.UInt16 x) {
            return "u16:" + x.value();
        } else if (value instanceof DataValue.UInt32 x) {
            return "u32:" + x.value();
        } else if (value instanceof DataValue.Int32 x) {
            return "i32:" + x.value();
        } else if (value instanceof DataValue.Bool x) {
            return "bool:" + x.value();
        } else if (value instanceof DataValue.VisibleString x) {
            return "str:" + x.value();
        } else if (value instanceof DataValue.OctetString x) {
            return "hex:" + HexFormat.of().formatHex(x.value());
        }
        return null;
    }
}
