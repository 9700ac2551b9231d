package io.fums.crypto.pkg;

/**
 * The ZIP profile of FUMS packages: a strict subset of PKWARE APPNOTE 6.3 so
 * that every byte of a package is either signed content, hashed content, or
 * a header field with exactly one acceptable value (or cross-checked against
 * its twin). One flipped bit anywhere is therefore always detected.
 *
 * <ul>
 * <li>entries one after another from offset 0, no gaps, then the central
 *     directory, then the end record at the very end (no archive comment);</li>
 * <li>local and central headers: version 2.0 (20) needed and made by (host
 *     MS-DOS), flags 0 (no encryption, no data descriptor, no UTF-8 flag),
 *     time 00:00:00 and date 1980-01-01, no extra fields, no file comment,
 *     disk 0, internal and external attributes 0;</li>
 * <li>method 0 (stored) only, so that one content has exactly one encoding
 *     (deflate has many: the CRC and the hashes cover the inflated bytes, so
 *     a second deflate stream of the same bytes would pass every other check;
 *     a deflated entry is refused as {@code PKG_NONCANONICAL}); the local
 *     header repeats the central header's method, CRC, sizes and name
 *     exactly;</li>
 * <li>no ZIP64, at most 4 GiB - 2 per entry; names are ASCII.</li>
 * </ul>
 */
public final class ZipProfile {

    static final int LOCAL_SIG = 0x04034b50;
    static final int CENTRAL_SIG = 0x02014b50;
    static final int END_SIG = 0x06054b50;
    static final int LOCAL_LEN = 30;
    static final int CENTRAL_LEN = 46;
    static final int END_LEN = 22;
    static final int VERSION = 20;
    static final int FLAGS = 0;
    static final int DOS_TIME = 0;
    static final int DOS_DATE = (0 << 9) | (1 << 5) | 1;
    static final long MAX_32 = 0xFFFFFFFEL;
    static final int MAX_NAME = 255;

    /** Stored (no compression). */
    public static final int STORED = 0;
    /** Deflated (RFC 1951): refused, named only to say why. */
    public static final int DEFLATED = 8;

    private ZipProfile() {
    }

    /**
     * True if an entry name could place a file outside the folder it is
     * extracted to: {@code ..} anywhere, a leading {@code /}, a backslash, a
     * colon (drive letters, alternate streams) or a NUL.
     */
    public static boolean escapes(String name) {
        return name.contains("..") || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0
                || name.indexOf('\0') >= 0;
    }

    /** True if a name is allowed by the profile: segments of {@code [A-Za-z0-9._-]} separated by single slashes. */
    public static boolean isWellFormed(String name) {
        return name.length() <= MAX_NAME && name.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    }
}
