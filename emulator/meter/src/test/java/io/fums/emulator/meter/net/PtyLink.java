package io.fums.emulator.meter.net;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * The DCU's end of a pty, opened as a file (what jSerialComm does with a
 * pty path), for tests in this module that cannot use io.fums.link.serial.
 */
final class PtyLink implements Link {

    private final RandomAccessFile file;
    private final PipeLink[] pipe = PipeLink.pair("pty");
    private final String name;

    PtyLink(Path pty) throws IOException {
        this.name = "pty " + pty;
        this.file = new RandomAccessFile(pty.toFile(), "rw");
        Thread reader = new Thread(() -> {
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = file.read(b)) > 0) {
                    pipe[0].write(b, 0, n);
                }
            } catch (IOException | DlmsException e) {
                // closed
            }
            pipe[0].close();
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** A view of this link that a client may close without closing the pty (one client after another). */
    Link view() {
        PtyLink self = this;
        return new Link() {
            @Override public String name() { return name; }

            @Override public int read(byte[] b, int off, int len, long t) throws DlmsException {
                return self.read(b, off, len, t);
            }

            @Override public void write(byte[] b, int off, int len) throws DlmsException {
                self.write(b, off, len);
            }

            @Override public boolean isOpen() { return self.isOpen(); }

            @Override public void close() { }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
        return pipe[1].read(buffer, offset, length, timeoutMillis);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws DlmsException {
        try {
            file.write(data, offset, length);
        } catch (IOException e) {
            throw DlmsException.unreachable(name, "write failed", e);
        }
    }

    @Override
    public boolean isOpen() {
        return pipe[1].isOpen();
    }

    @Override
    public void close() {
        pipe[1].close();
        try {
            file.close();
        } catch (IOException e) {
            // closed
        }
    }
}
