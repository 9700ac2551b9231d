package io.fums.features.dcu;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.security.CipheredApdu;
import io.fums.dlms.wrapper.WrapperPdu;
import io.fums.dlms.wrapper.WrapperReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Someone on a meter's line, for replay tests: a TCP proxy between the DCU
 * and one meter's TCP wrapper port (IEC 62056-47) that keeps the last
 * ciphered APDUs the DCU sent, and can slip a recorded frame into the live
 * connection just before the DCU's next request. The meter's answer to that
 * frame is taken off the line (the DCU never sees it) and handed to the test.
 * Connections end when either side closes, or at {@link #close()}.
 */
final class WrapperTap implements AutoCloseable {

    private static final int KEEP = 32;

    private final ServerSocket server;
    private final int meterPort;
    private final Deque<WrapperPdu> captured = new ArrayDeque<>();
    private final BlockingQueue<byte[]> injectedAnswers = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicReference<Connection> current = new AtomicReference<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private WrapperTap(int meterPort) throws IOException {
        this.meterPort = meterPort;
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "wrapper-tap-accept");
        acceptor.setDaemon(true);
    }

    /** A tap in front of the meter listening on 127.0.0.1:{@code meterPort}. */
    static WrapperTap start(int meterPort) throws IOException {
        WrapperTap tap = new WrapperTap(meterPort);
        tap.acceptor.start();
        return tap;
    }

    /** The port the DCU must connect to instead of the meter's. */
    int port() {
        return server.getLocalPort();
    }

    /** Connections the DCU opened so far. */
    int connections() {
        return connections.get();
    }

    /** Ciphered APDUs the DCU sent on the current connection. */
    int cipheredOnCurrent() {
        Connection c = current.get();
        return c == null ? 0 : c.ciphered.get();
    }

    /** The last ciphered frames the DCU sent (oldest first), over all connections so far. */
    synchronized List<WrapperPdu> captured() {
        return List.copyOf(captured);
    }

    /** Sends {@code frame} to the meter on the current connection, before the DCU's next request. */
    void inject(WrapperPdu frame) {
        Connection c = current.get();
        if (c == null) {
            throw new IllegalStateException("no connection to inject into");
        }
        c.pending.set(frame);
    }

    /** The meter's answers to injected frames, in order. */
    BlockingQueue<byte[]> injectedAnswers() {
        return injectedAnswers;
    }

    private synchronized void record(WrapperPdu pdu) {
        if (captured.size() == KEEP) {
            captured.removeFirst();
        }
        captured.addLast(pdu);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket dcu = server.accept();
                Socket meter = new Socket(InetAddress.getLoopbackAddress(), meterPort);
                synchronized (sockets) {
                    sockets.add(dcu);
                    sockets.add(meter);
                }
                Connection c = new Connection(dcu, meter);
                current.set(c);
                connections.incrementAndGet();
                pump("tap-up", dcu, meter, c::upstream, c);
                pump("tap-down", meter, dcu, c::downstream, c);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Reads wrapper frames from {@code from} and hands each to {@code frames}; closes both ends at the end. */
    private static void pump(String name, Socket from, Socket to, Consumer<WrapperPdu> frames, Connection c) {
        Thread t = new Thread(() -> {
            WrapperReader reader = new WrapperReader();
            byte[] buf = new byte[4096];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (WrapperPdu pdu : reader.feed(buf, 0, n)) {
                        frames.accept(pdu);
                    }
                }
            } catch (IOException | DlmsCodecException | UncheckedIOException e) {
                // the connection ends
            } finally {
                c.close();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static final class UncheckedIOException extends RuntimeException {
        UncheckedIOException(IOException e) {
            super(e);
        }
    }

    private final class Connection {
        final Socket dcu;
        final Socket meter;
        final AtomicReference<WrapperPdu> pending = new AtomicReference<>();
        final AtomicInteger swallow = new AtomicInteger();
        final AtomicInteger ciphered = new AtomicInteger();

        Connection(Socket dcu, Socket meter) {
            this.dcu = dcu;
            this.meter = meter;
        }

        /** DCU to meter: an injected frame goes first, its answer is then taken off the line. */
        void upstream(WrapperPdu pdu) {
            WrapperPdu injected = pending.getAndSet(null);
            if (injected != null) {
                swallow.incrementAndGet();
                write(meter, injected);
            }
            write(meter, pdu);
            if (pdu.apduLength() > 0 && CipheredApdu.isCiphered(pdu.apdu()[0] & 0xFF)) {
                ciphered.incrementAndGet();
                record(pdu);
            }
        }

        /** Meter to DCU: the meter answers in order, so the answers to injected frames come first. */
        void downstream(WrapperPdu pdu) {
            if (swallow.get() > 0) {
                swallow.decrementAndGet();
                injectedAnswers.add(pdu.apdu());
                return;
            }
            write(dcu, pdu);
        }

        private void write(Socket s, WrapperPdu pdu) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(pdu.encode());
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            closeQuietly(dcu);
            closeQuietly(meter);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            sockets.forEach(WrapperTap::closeQuietly);
        }
    }
}
