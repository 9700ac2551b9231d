package io.fums.emulator.meter.net;

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
 * Someone on a meter's line, for tests of what the DCU does with a hostile
 * line: a TCP proxy between the DCU and one meter's TCP wrapper port
 * (IEC 62056-47).
 * <ul>
 * <li>Towards the meter it keeps the last ciphered APDUs the DCU sent, and can
 * slip a recorded frame into the live connection just before the DCU's next
 * request. The meter's answer to that frame is taken off the line (the DCU
 * never sees it) and handed to the test.</li>
 * <li>Towards the DCU it can corrupt the GCM tag of the meter's next ciphered
 * GET answers (data, not the association's HLS pass 4), or answer instead with the first ciphered answer the meter gave on
 * the connection (a replay, with its old invocation counter).</li>
 * </ul>
 * Connections end when either side closes, or at {@link #close()}.
 */
public final class WrapperTap implements AutoCloseable {

    private static final int KEEP = 32;
    private static final int GET_RESPONSE = 0xC4;

    private final ServerSocket server;
    private final int meterPort;
    private final Deque<WrapperPdu> captured = new ArrayDeque<>();
    private final BlockingQueue<byte[]> injectedAnswers = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicReference<Connection> current = new AtomicReference<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private final AtomicInteger corrupt = new AtomicInteger();
    private final AtomicInteger replay = new AtomicInteger();
    private final AtomicInteger tampered = new AtomicInteger();

    private WrapperTap(int meterPort) throws IOException {
        this.meterPort = meterPort;
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "wrapper-tap-accept");
        acceptor.setDaemon(true);
    }

    /** A tap in front of the meter listening on 127.0.0.1:{@code meterPort}. */
    public static WrapperTap start(int meterPort) throws IOException {
        WrapperTap tap = new WrapperTap(meterPort);
        tap.acceptor.start();
        return tap;
    }

    /** The port the DCU must connect to instead of the meter's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections the DCU opened so far. */
    public int connections() {
        return connections.get();
    }

    /** Ciphered APDUs the DCU sent on the current connection. */
    public int cipheredOnCurrent() {
        Connection c = current.get();
        return c == null ? 0 : c.ciphered.get();
    }

    /** The last ciphered frames the DCU sent (oldest first), over all connections so far. */
    public synchronized List<WrapperPdu> captured() {
        return List.copyOf(captured);
    }

    /** Sends {@code frame} to the meter on the current connection, before the DCU's next request. */
    public void inject(WrapperPdu frame) {
        Connection c = current.get();
        if (c == null) {
            throw new IllegalStateException("no connection to inject into");
        }
        c.pending.set(frame);
    }

    /** The meter's answers to injected frames, in order. */
    public BlockingQueue<byte[]> injectedAnswers() {
        return injectedAnswers;
    }

    /**
     * The meter's next {@code n} ciphered GET answers (glo- or ded-get-response)
     * reach the DCU with the last octet of their GCM tag flipped.
     */
    public void corruptNextAnswers(int n) {
        corrupt.addAndGet(n);
    }

    /**
     * The meter's next {@code n} ciphered answers are replaced, towards the DCU,
     * by the first ciphered answer it gave on the current connection: a frame
     * that authenticates, with an invocation counter the DCU has already seen.
     */
    public void replayNextAnswers(int n) {
        replay.addAndGet(n);
    }

    /** Answers corrupted or replaced so far. */
    public int tampered() {
        return tampered.get();
    }

    private static boolean ciphered(WrapperPdu pdu) {
        return pdu.apduLength() > 0 && CipheredApdu.isCiphered(pdu.apdu()[0] & 0xFF);
    }

    private static boolean take(AtomicInteger budget) {
        return budget.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
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
        final AtomicReference<WrapperPdu> firstAnswer = new AtomicReference<>();

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
            if (ciphered(pdu)) {
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
            if (ciphered(pdu)) {
                WrapperPdu first = firstAnswer.updateAndGet(f -> f == null ? pdu : f);
                if (first != pdu && take(replay)) {
                    tampered.incrementAndGet();
                    write(dcu, new WrapperPdu(pdu.sourceWport(), pdu.destinationWport(), first.apdu()));
                    return;
                }
                if (CipheredApdu.plainTag(pdu.apdu()[0] & 0xFF) == GET_RESPONSE && take(corrupt)) {
                    byte[] apdu = pdu.apdu();
                    apdu[apdu.length - 1] ^= 0x01;
                    tampered.incrementAndGet();
                    write(dcu, new WrapperPdu(pdu.sourceWport(), pdu.destinationWport(), apdu));
                    return;
                }
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
