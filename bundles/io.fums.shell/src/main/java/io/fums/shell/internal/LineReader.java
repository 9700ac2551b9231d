package io.fums.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of at most {@code max} bytes from a stream, holding no more
 * than that in memory: an over-long line is skipped to its end and reported
 * as {@link Line#tooLong()}, never buffered whole. Not thread-safe.
 */
final class LineReader {

    /** One line: its text, or the fact that it was too long, or the end of the stream. */
    record Line(String text, boolean tooLong, boolean end) {
        static final Line END = new Line(null, false, true);
        static final Line TOO_LONG = new Line(null, true, false);
    }

    private final InputStream in;
    private final byte[] buf;
    private final byte[] chunk = new byte[512];
    private int chunkPos;
    private int chunkLen;

    LineReader(InputStream in, int max) {
        this.in = in;
        this.buf = new byte[max];
    }

    /** The next line without its line end ({@code \n} or {@code \r\n}); blocks until one is complete. */
    Line next() throws IOException {
        int len = 0;
        boolean overflow = false;
        while (true) {
            int b = read();
            if (b < 0) {
                return len == 0 && !overflow ? Line.END : overflow ? Line.TOO_LONG : text(len);
            }
            if (b == '\n') {
                return overflow ? Line.TOO_LONG : text(len);
            }
            if (overflow) {
                continue;
            }
            if (len == buf.length) {
                overflow = true;
                continue;
            }
            buf[len++] = (byte) b;
        }
    }

    private Line text(int len) {
        if (len > 0 && buf[len - 1] == '\r') {
            len--;
        }
        return new Line(new String(buf, 0, len, StandardCharsets.UTF_8), false, false);
    }

    private int read() throws IOException {
        if (chunkPos == chunkLen) {
            chunkLen = in.read(chunk);
            chunkPos = 0;
            if (chunkLen <= 0) {
                chunkLen = 0;
                return -1;
            }
        }
        return chunk[chunkPos++] & 0xff;
    }
}
