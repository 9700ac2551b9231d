package io.fums.emulator.dlms.testing;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A link that loses whole writes (HDLC writes one frame per call) whose
 * running index matches a predicate: a medium that drops frames.
 */
public final class LossyLink implements Link {

    private final Link inner;
    private final IntPredicate drop;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    public LossyLink(Link inner, IntPredicate drop) {
        this.inner = inner;
        this.drop = drop;
    }

    public int dropped() {
        return dropped.get();
    }

    public int writes() {
        return writes.get();
    }

    @Override
    public String name() {
        return inner.name() + " (lossy)";
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
        return inner.read(buffer, offset, length, timeoutMillis);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws DlmsException {
        if (drop.test(writes.getAndIncrement())) {
            dropped.incrementAndGet();
            return;
        }
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
