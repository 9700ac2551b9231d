package io.fums.emulator.meter.link;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.emulator.meter.fault.Faults;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A modelled medium between one DCU-side connection ({@code upstream}: an
 * accepted TCP connection, or the socket behind a socat pty) and the meters
 * on it, each reached through a {@link Port}, the {@link Link} its server
 * session reads and writes.
 *
 * <p>Frames from the DCU are cut by a {@link FrameSplitter}, queued on the
 * {@link Medium} (byte rate, latency) and handed to every port, each of
 * which may lose them independently: on a shared medium one transmission
 * reaches every meter, and each meter's HDLC layer keeps what is addressed
 * to it (broadcast included). Frames from a meter take their time on the
 * medium in the writing thread (a meter transmits like a UART), may be
 * lost, replaced by garbage or swallowed (the meter's faults), and are
 * written upstream one at a time.
 *
 * <p>One pump thread per bridge reads upstream, from {@link #start()}:
 * attach the ports first, or the first frames reach nobody. Thread-safe.
 */
public final class MediumBridge implements AutoCloseable {

    private static final long STALL_NANOS = 200_000_000L;
    private final Link upstream;
    private final Medium medium;
    private final FrameSplitter splitter;
    private final boolean pointToPoint;
    private final List<Port> ports = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();
    private final Thread pump;
    private volatile boolean closed;

    /**
     * A bridge; {@link #start()} it once its first ports are attached.
     *
     * @param pointToPoint true when the bridge serves one meter over one connection: closing
     *                     its port closes the connection; false for a shared medium, whose
     *                     upstream stays open while meters come and go
     */
    public MediumBridge(Link upstream, Medium medium, FrameSplitter.Framing framing, boolean pointToPoint) {
        this.upstream = upstream;
        this.medium = medium;
        this.splitter = new FrameSplitter(framing);
        this.pointToPoint = pointToPoint;
        this.pump = new Thread(this::pump, "medium " + upstream.name());
        pump.setDaemon(true);
    }

    /** Starts reading upstream. */
    public MediumBridge start() {
        pump.start();
        return this;
    }

    /** A new port for a meter with the given faults. */
    public Port attach(String meterName, Faults faults) {
        Port p = new Port(meterName + " via " + upstream.name(), faults);
        ports.add(p);
        if (closed) {
            p.close();
        }
        return p;
    }

    /** Whether the upstream connection is still there. */
    public boolean isOpen() {
        return !closed && upstream.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        upstream.close();
        for (Port p : ports) {
            p.queue.end();
        }
    }

    private void pump() {
        byte[] chunk = new byte[4096];
        try {
            while (!closed) {
                int n = upstream.read(chunk, 0, chunk.length, 100);
                if (n < 0) {
                    break;
                }
                long now = System.nanoTime();
                if (n > 0) {
                    for (byte[] frame : splitter.feed(chunk, 0, n, now)) {
                        deliver(frame);
                    }
                }
                byte[] stale = splitter.flushStale(now, STALL_NANOS);
                if (stale != null) {
                    deliver(stale);
                }
            }
        } catch (DlmsException e) {
            // the DCU side failed: the meters see the end of the stream
        } finally {
            close();
        }
    }

    private void deliver(byte[] frame) {
        long at = medium.transmit(frame.length, true);
        for (Port p : ports) {
            if (!medium.lost(p.down)) {
                p.queue.offer(frame, at);
            }
        }
    }

    /** One meter's end of the medium. */
    public final class Port implements Link {

        private final String name;
        private final Faults faults;
        private final TimedQueue queue = new TimedQueue();
        private final Medium.Receiver down = new Medium.Receiver();
        private final Medium.Receiver up = new Medium.Receiver();
        private volatile boolean portClosed;

        private Port(String name, Faults faults) {
            this.name = name;
            this.faults = faults;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws DlmsException {
            if (portClosed) {
                return -1;
            }
            try {
                return queue.take(buffer, offset, length, timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DlmsException.unreachable(name, "interrupted while reading", e);
            }
        }

        @Override
        public void write(byte[] data, int offset, int length) throws DlmsException {
            if (portClosed || closed) {
                throw DlmsException.unreachable(name, "link is closed", null);
            }
            if (faults.mute()) {
                return;
            }
            byte[] frame = faults.garbageFrame() ? faults.garbage(length)
                    : java.util.Arrays.copyOfRange(data, offset, offset + length);
            long at = medium.transmit(frame.length, false);
            boolean lost = medium.lost(up);
            Medium.sleepUntil(at);
            if (!lost) {
                synchronized (writeLock) {
                    upstream.write(frame);
                }
            }
        }

        @Override
        public boolean isOpen() {
            return !portClosed && !queue.ended();
        }

        @Override
        public void close() {
            portClosed = true;
            queue.end();
            ports.remove(this);
            if (pointToPoint) {
                MediumBridge.this.close();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
