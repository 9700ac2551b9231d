package io.fums.crypto.internal;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Small text helpers shared by the codecs. */
public final class Text {

    /** RFC 3339 in UTC with a Z, optional fraction: the only time form FUMS writes or reads. */
    public static final Pattern UTC_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

    private static final HexFormat HEX = HexFormat.of();

    private Text() {
    }

    /** Lower-case hex. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Decodes RFC 4648 base64 (standard alphabet, with padding) strictly: only
     * the one canonical encoding of the bytes is accepted (no line breaks, no
     * non-zero padding bits), so that every change to the text changes the bytes.
     *
     * @throws IllegalArgumentException if {@code text} is not canonical base64
     */
    public static byte[] base64(String text) {
        byte[] b = Base64.getDecoder().decode(text);
        if (!Base64.getEncoder().encodeToString(b).equals(text)) {
            throw new IllegalArgumentException("not canonical base64");
        }
        return b;
    }

    /** RFC 4648 base64 with padding. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** At most 80 characters of {@code s}, control and non-ASCII characters shown as '?'. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 80 ? b.append("...").toString() : b.toString();
    }

    /** True if {@code s} holds no control characters (line breaks in free text included). */
    public static boolean hasNoControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return false;
            }
        }
        return true;
    }
}
