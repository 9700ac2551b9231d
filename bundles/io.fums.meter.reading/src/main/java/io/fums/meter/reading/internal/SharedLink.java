package io.fums.meter.reading.internal;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.LinkFactory;

/**
 * One serial link shared by the meters on it: opened once through its
 * {@link LinkFactory} service (a serial port can be open only once), handed
 * out as views that the HDLC transports of several meters read and write,
 * one exchange at a time under the link's {@link LinkScheduler}. Closing a
 * view does not close the port; a view closed from another thread makes its
 * blocked read return at once. A port that failed is reopened at the next
 * {@link #view()}. Thread-safe.
 */
final class SharedLink implements AutoCloseable {

    /** Longest single wait in a view's read, so that closing a view takes effect promptly. */
    private static final long READ_SLICE_MILLIS = 50;

    private final String id;
    private LinkFactory factory;
    private Link link;

    SharedLink(String id) {
        this.id = id;
    }

    /** Sets (or, with null, removes) the factory; a different factory closes the port opened by the old one. */
    synchronized void factory(LinkFactory f) {
        if (f != factory) {
            closeLink();
            factory = f;
        }
    }

    synchronized boolean available() {
        return factory != null;
    }

    /**
     * A view of the link, opening the port if needed.
     *
     * @throws DlmsException METER_UNREACHABLE if no factory is bound or the port cannot be opened
     */
    synchronized Link view() throws DlmsException {
        if (factory == null) {
            throw DlmsException.unreachable("link " + id, "not available: no serial link service with link.name="
                    + id + " (configure io.fums.link.serial)", null);
        }
        if (link == null || !link.isOpen()) {
            closeLink();
            link = factory.open();
        }
        return new View(link);
    }

    private void closeLink() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    @Override
    public synchronized void close() {
        closeLink();
        factory = null;
    }

    /** A non-closing view. */
    private static final class View implements Link {
        private final Link link;
        private volatile boolean closed;

        View(Link link) {
            this.link = link;
        }

        @Override
        public String name() {
            return link.name();
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
            long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000;
            while (true) {
                if (closed) {
                    return -1;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                int n = link.read(buffer, offset, length, Math.max(1, Math.min(READ_SLICE_MILLIS, left)));
                if (n != 0 || left <= READ_SLICE_MILLIS) {
                    return closed ? -1 : n;
                }
            }
        }

        @Override
        public void write(byte[] data, int offset, int length) throws DlmsException {
            if (closed) {
                throw DlmsException.unreachable(link.name(), "link is closed", null);
            }
            link.write(data, offset, length);
        }

        @Override
        public boolean isOpen() {
            return !closed && link.isOpen();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return link.name();
        }
    }
}
