package io.fums.emulator.dlms.testing;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A link that records every write, so a test can replay it. */
public final class TapLink implements Link {

    private final Link inner;
    public final List<byte[]> written = new CopyOnWriteArrayList<>();

    public TapLink(Link inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
        return inner.read(buffer, offset, length, timeoutMillis);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws DlmsException {
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        written.add(copy);
        inner.write(data, offset, length);
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public void close() {
        inner.close();
    }
}
