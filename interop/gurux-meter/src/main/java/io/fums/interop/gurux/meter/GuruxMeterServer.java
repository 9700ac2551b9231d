package io.fums.interop.gurux.meter;

import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.InterfaceType;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link GuruxMeter} on a loopback TCP port, with the TCP wrapper (IEC
 * 62056-47) or HDLC frames on the byte stream: one connection at a time (a
 * meter serves one client), each wrapper PDU handed whole to Gurux's
 * {@code handleRequest} (HDLC: each frame). The meter's
 * state (firmware, image transfer) outlives connections. A connection idle
 * for 30 s is closed; a PDU longer than 64 KiB closes it too (bounded
 * memory). {@link #main} runs one meter until killed, for tests in other
 * JVMs.
 */
public final class GuruxMeterServer implements AutoCloseable {

    private static final Duration IDLE = Duration.ofSeconds(30);

    private final GuruxMeter meter;
    private final ServerSocket listener;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Socket current;
    private final AtomicLong requests = new AtomicLong();

    private GuruxMeterServer(GuruxMeter meter, ServerSocket listener) {
        this.meter = meter;
        this.listener = listener;
        this.thread = new Thread(this::serve, "gurux-meter-" + listener.getLocalPort());
        thread.setDaemon(true);
    }

    /** Starts {@code meter} on {@code port} of 127.0.0.1 (0: any free port, see {@link #port()}). */
    public static GuruxMeterServer start(GuruxMeter meter, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        GuruxMeterServer server = new GuruxMeterServer(meter, s);
        server.thread.start();
        return server;
    }

    /** The TCP port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many wrapper PDUs the meter received so far. */
    public long requests() {
        return requests.get();
    }

    /** The meter; read its state only while no client is talking to it. */
    public GuruxMeter meter() {
        return meter;
    }

    private void serve() {
        try {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    current = s;
                    s.setSoTimeout((int) IDLE.toMillis());
                    synchronized (meter) {
                        meter.reset();
                        meter.keepInvocationCounter();
                    }
                    converse(s);
                } catch (SocketTimeoutException | EOFException e) {
                    // idle or closed by the client: next connection
                } catch (SocketException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                } catch (Exception e) {
                    // a request Gurux could not handle: drop the connection, as a meter would
                    System.err.println("gurux meter: connection dropped: " + e);
                } finally {
                    current = null;
                    synchronized (meter) {
                        meter.reset();
                        meter.keepInvocationCounter();
                    }
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private void converse(Socket s) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        if (meter.getInterfaceType() == InterfaceType.HDLC) {
            GuruxFraming.hdlc(meter, in, s.getOutputStream(), requests);
        } else {
            GuruxFraming.wrapper(meter, in, s.getOutputStream(), requests);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        Socket s = current;
        if (s != null) {
            s.close();
        }
        thread.join(Duration.ofSeconds(5).toMillis());
    }

    /**
     * Runs one HLS-GMAC (suite 0) meter until the JVM is stopped:
     * {@code PORT DEVICE-ID BLOCK-SIZE SCHEDULE(true|false) SYSTEM-TITLE-HEX EK-HEX AK-HEX}, or with 4 arguments
     * a meter without security.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 7) {
            System.err.println("usage: GuruxMeterServer PORT DEVICE-ID BLOCK-SIZE SCHEDULE [SYSTEM-TITLE EK AK]");
            System.exit(2);
        }
        int blockSize = Integer.parseInt(args[2]);
        boolean schedule = Boolean.parseBoolean(args[3]);
        GuruxMeterConfig config = args.length == 7
                ? GuruxMeterConfig.hlsGmac(args[1], HexFormat.of().parseHex(args[4]), HexFormat.of().parseHex(args[5]),
                        HexFormat.of().parseHex(args[6]), blockSize, schedule)
                : new GuruxMeterConfig(args[1], "1.0.0", Authentication.NONE, null, null, null, null, blockSize, 2048,
                        1 << 20, schedule, 5000);
        try (GuruxMeterServer server = start(new GuruxMeter(config, Clock.systemUTC()), Integer.parseInt(args[0]))) {
            System.out.println("gurux meter " + args[1] + " on port " + server.port());
            server.stopped.await();
        }
    }
}
