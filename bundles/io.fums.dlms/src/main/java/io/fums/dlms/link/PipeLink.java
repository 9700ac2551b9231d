package io.fums.dlms.link;

import io.fums.dlms.DlmsException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of an in-memory, full-duplex byte pipe: what one end writes, the
 * other reads. For tests and for emulators that model their own medium.
 * Each direction buffers at most the configured capacity; a write blocks
 * while the buffer is full, at most the write timeout, then fails (the peer
 * is not reading). Closing either end ends both directions: the peer reads
 * what was already written, then -1.
 */
public final class PipeLink implements Link {

    /** Default bytes buffered per direction. */
    public static final int DEFAULT_CAPACITY = 256 * 1024;
    /** Default longest wait for room in a full buffer. */
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 10_000;

    private final String name;
    private final Buffer in;
    private final Buffer out;
    private final long writeTimeoutMillis;

    private PipeLink(String name, Buffer in, Buffer out, long writeTimeoutMillis) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /** Two connected ends named {@code name + " (a)"} and {@code name + " (b)"}, default capacity. */
    public static PipeLink[] pair(String name) {
        return pair(name, DEFAULT_CAPACITY, DEFAULT_WRITE_TIMEOUT_MILLIS);
    }

    /** Two connected ends with the given per-direction capacity and write timeout. */
    public static PipeLink[] pair(String name, int capacity, long writeTimeoutMillis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        Buffer ab = new Buffer(capacity);
        Buffer ba = new Buffer(capacity);
        return new PipeLink[] {new PipeLink("pipe " + name + " (a)", ba, ab, writeTimeoutMillis),
            new PipeLink("pipe " + name + " (b)", ab, ba, writeTimeoutMillis)};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
        try {
            return in.take(buffer, offset, length, timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DlmsException.unreachable(name, "interrupted while reading", e);
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws DlmsException {
        try {
            int done = 0;
            while (done < length) {
                int n = out.put(data, offset + done, length - done, writeTimeoutMillis);
                if (n < 0) {
                    throw DlmsException.unreachable(name, "link is closed", null);
                }
                if (n == 0) {
                    throw DlmsException.timeout(name, "peer has not read for " + writeTimeoutMillis + " ms");
                }
                done += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DlmsException.unreachable(name, "interrupted while writing", e);
        }
    }

    @Override
    public boolean isOpen() {
        return !in.isClosed() && !out.isClosed();
    }

    @Override
    public void close() {
        in.close();
        out.close();
    }

    @Override
    public String toString() {
        return name;
    }

    /** A bounded ring buffer, one direction. */
    private static final class Buffer {
        private final byte[] ring;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private int head;
        private int size;
        private boolean closed;

        Buffer(int capacity) {
            ring = new byte[capacity];
        }

        int take(byte[] b, int off, int len, long timeoutMillis) throws InterruptedException {
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
                while (size == 0 && !closed) {
                    if (nanos <= 0) {
                        return 0;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
                if (size == 0) {
                    return -1;
                }
                int n = Math.min(len, size);
                for (int i = 0; i < n; i++) {
                    b[off + i] = ring[(head + i) % ring.length];
                }
                head = (head + n) % ring.length;
                size -= n;
                changed.signalAll();
                return n;
            } finally {
                lock.unlock();
            }
        }

        int put(byte[] b, int off, int len, long timeoutMillis) throws InterruptedException {
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
                while (size == ring.length && !closed) {
                    if (nanos <= 0) {
                        return 0;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
                if (closed) {
                    return -1;
                }
                int n = Math.min(len, ring.length - size);
                for (int i = 0; i < n; i++) {
                    ring[(head + size + i) % ring.length] = b[off + i];
                }
                size += n;
                changed.signalAll();
                return n;
            } finally {
                lock.unlock();
            }
        }

        boolean isClosed() {
            lock.lock();
            try {
                return closed;
            } finally {
                lock.unlock();
            }
        }

        void close() {
            lock.lock();
            try {
                closed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
