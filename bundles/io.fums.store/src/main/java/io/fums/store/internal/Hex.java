package io.fums.store.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Lower-case hex and SHA-256 digest strings. */
final class Hex {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private Hex() {
    }

    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }

    static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /**
     * A SHA-256 hex digest in lower case.
     *
     * @throws IllegalArgumentException if {@code s} is not 64 hex digits
     */
    static String sha256(String s) {
        if (!isSha256(s)) {
            String shown = s == null ? "null" : (s.length() > 80 ? s.substring(0, 80) + "..." : s);
            throw new IllegalArgumentException("not a SHA-256 hex digest (64 hex digits): '"
                    + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
