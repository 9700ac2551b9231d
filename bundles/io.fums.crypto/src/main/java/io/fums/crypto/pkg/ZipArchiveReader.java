package io.fums.crypto.pkg;

import static io.fums.crypto.pkg.ZipProfile.CENTRAL_LEN;
import static io.fums.crypto.pkg.ZipProfile.CENTRAL_SIG;
import static io.fums.crypto.pkg.ZipProfile.DEFLATED;
import static io.fums.crypto.pkg.ZipProfile.DOS_DATE;
import static io.fums.crypto.pkg.ZipProfile.DOS_TIME;
import static io.fums.crypto.pkg.ZipProfile.END_LEN;
import static io.fums.crypto.pkg.ZipProfile.END_SIG;
import static io.fums.crypto.pkg.ZipProfile.FLAGS;
import static io.fums.crypto.pkg.ZipProfile.LOCAL_LEN;
import static io.fums.crypto.pkg.ZipProfile.LOCAL_SIG;
import static io.fums.crypto.pkg.ZipProfile.MAX_32;
import static io.fums.crypto.pkg.ZipProfile.STORED;
import static io.fums.crypto.pkg.ZipProfile.VERSION;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.internal.Text;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the structure of a package ZIP under {@link ZipProfile}, from the
 * end record backwards, checking every header field before any entry data is
 * read. Entry data is read through {@link EntryStreamer}. The channel is not
 * closed here.
 */
public final class ZipArchiveReader {

    private final FileChannel channel;
    private final List<ZipEntryInfo> entries;

    private ZipArchiveReader(FileChannel channel, List<ZipEntryInfo> entries) {
        this.channel = channel;
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads and checks the structure.
     *
     * @throws FumsException {@code PKG_TOO_LARGE} (file or entry count over the
     *     limit), {@code PKG_PATH_TRAVERSAL}, {@code PKG_MALFORMED},
     *     {@code PKG_NONCANONICAL} (a deflated entry)
     */
    public static ZipArchiveReader open(FileChannel ch, long maxBytes, int maxEntries) throws FumsException, IOException {
        long size = ch.size();
        if (size > maxBytes) {
            throw new FumsException(ErrorCode.PKG_TOO_LARGE, "package is " + size + " bytes, more than the limit of " + maxBytes);
        }
        if (size < END_LEN) {
            throw malformed("file of " + size + " bytes is too short to be a ZIP (truncated?)");
        }
        ByteBuffer end = read(ch, size - END_LEN, END_LEN);
        if (end.getInt(0) != END_SIG) {
            throw malformed("no ZIP end record at the end of the file (truncated, or has an archive comment)");
        }
        int count = u16(end, 10);
        long cdSize = u32(end, 12);
        long cdOffset = u32(end, 16);
        if (u16(end, 4) != 0 || u16(end, 6) != 0 || u16(end, 8) != count || u16(end, 20) != 0) {
            throw malformed("end record: multi-disk archive, inconsistent entry counts or archive comment");
        }
        if (count > maxEntries) {
            throw new FumsException(ErrorCode.PKG_TOO_LARGE, "package has " + count + " entries, more than the limit of " + maxEntries);
        }
        if (count == 0 || cdOffset + cdSize != size - END_LEN || cdSize > (long) count * (CENTRAL_LEN + ZipProfile.MAX_NAME)) {
            throw malformed("end record: no entries, or central directory not right before the end record");
        }
        ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
        checkNames(cd, count);
        List<ZipEntryInfo> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int p = 0;
        long expectedOffset = 0;
        for (int i = 0; i < count; i++) {
            ZipEntryInfo e = central(ch, cd, p, expectedOffset);
            if (!names.add(e.name())) {
                throw malformed("entry " + e.name() + " appears twice");
            }
            entries.add(e);
            p += CENTRAL_LEN + e.name().length();
            expectedOffset = e.dataOffset() + e.compressedSize();
            if (expectedOffset > cdOffset) {
                throw malformed("entry " + e.name() + " overlaps the central directory");
            }
        }
        if (p != cdSize || expectedOffset != cdOffset) {
            throw malformed("central directory size or entry layout inconsistent (hidden bytes?)");
        }
        return new ZipArchiveReader(ch, entries);
    }

    /** First pass: every name, so that a path escaping the package is reported as such. */
    private static void checkNames(ByteBuffer cd, int count) throws FumsException {
        int p = 0;
        for (int i = 0; i < count; i++) {
            if (p + CENTRAL_LEN > cd.limit() || cd.getInt(p) != CENTRAL_SIG) {
                throw malformed("central directory entry " + i + " is damaged");
            }
            int n = u16(cd, p + 28);
            int skip = CENTRAL_LEN + n + u16(cd, p + 30) + u16(cd, p + 32);
            if (p + skip > cd.limit()) {
                throw malformed("central directory entry " + i + " runs past the directory");
            }
            String name = string(cd, p + CENTRAL_LEN, n);
            if (ZipProfile.escapes(name)) {
                throw new FumsException(ErrorCode.PKG_PATH_TRAVERSAL, "entry name '" + Text.printable(name)
                        + "' escapes the package (.., leading /, backslash or colon)");
            }
            p += skip;
        }
    }

    private static ZipEntryInfo central(FileChannel ch, ByteBuffer cd, int p, long expectedOffset) throws FumsException, IOException {
        int n = u16(cd, p + 28);
        String name = string(cd, p + CENTRAL_LEN, n);
        String what = "entry " + Text.printable(name) + ": ";
        if (n == 0 || !ZipProfile.isWellFormed(name)) {
            throw malformed(what + "name is empty or not of segments of A-Z a-z 0-9 . _ - separated by /");
        }
        int method = u16(cd, p + 10);
        long crc = u32(cd, p + 16);
        long csize = u32(cd, p + 20);
        long usize = u32(cd, p + 24);
        if (u16(cd, p + 4) != VERSION || u16(cd, p + 6) != VERSION || u16(cd, p + 8) != FLAGS
                || u16(cd, p + 12) != DOS_TIME || u16(cd, p + 14) != DOS_DATE || u16(cd, p + 30) != 0
                || u16(cd, p + 32) != 0 || u16(cd, p + 34) != 0 || u16(cd, p + 36) != 0 || cd.getInt(p + 38) != 0) {
            throw malformed(what + "central header has a field outside the FUMS ZIP profile");
        }
        if (method == DEFLATED) {
            throw new FumsException(ErrorCode.PKG_NONCANONICAL, "package is not in its canonical encoding: " + what
                    + "is deflated; packages hold stored (uncompressed) entries only, so that one content has one encoding");
        }
        if (method != STORED || csize != usize || csize > MAX_32) {
            throw malformed(what + "unsupported method (only 0, stored) or sizes");
        }
        long offset = u32(cd, p + 42);
        if (offset != expectedOffset) {
            throw malformed(what + "local header at " + offset + ", expected at " + expectedOffset);
        }
        ByteBuffer lh = read(ch, offset, LOCAL_LEN + n);
        if (lh.getInt(0) != LOCAL_SIG || u16(lh, 4) != VERSION || u16(lh, 6) != FLAGS || u16(lh, 8) != method
                || u16(lh, 10) != DOS_TIME || u16(lh, 12) != DOS_DATE || u32(lh, 14) != crc || u32(lh, 18) != csize
                || u32(lh, 22) != usize || u16(lh, 26) != n || u16(lh, 28) != 0 || !string(lh, LOCAL_LEN, n).equals(name)) {
            throw malformed(what + "local header does not match the central directory");
        }
        return new ZipEntryInfo(name, method, crc, csize, usize, offset, offset + LOCAL_LEN + n);
    }

    /** The entries in file order. */
    public List<ZipEntryInfo> entries() {
        return entries;
    }

    /** The channel the archive is read from. */
    public FileChannel channel() {
        return channel;
    }

    static FumsException malformed(String message) {
        return new FumsException(ErrorCode.PKG_MALFORMED, "package is not a well-formed FUMS ZIP: " + message);
    }

    static ByteBuffer read(FileChannel ch, long position, int length) throws IOException, FumsException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw malformed("file ends at " + (position + b.position()) + " inside a header (truncated?)");
            }
        }
        return b.flip();
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFFFFFFL;
    }

    private static String string(ByteBuffer b, int at, int length) throws FumsException {
        if (at + length > b.limit()) {
            throw malformed("name runs past its header");
        }
        byte[] bytes = new byte[length];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
