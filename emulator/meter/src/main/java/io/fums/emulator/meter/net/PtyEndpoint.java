package io.fums.emulator.meter.net;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.TcpLink;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.link.FrameSplitter;
import io.fums.emulator.meter.link.LinkProfile;
import io.fums.emulator.meter.link.Medium;
import io.fums.emulator.meter.link.MediumBridge;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.emulator.meter.runtime.Population;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A virtual serial port for one meter or for a shared medium of several:
 * {@code socat pty,raw,echo=0,link=PATH tcp:127.0.0.1:P} makes the pty the
 * DCU opens (with jSerialComm, by its path) and connects it to this
 * endpoint's loopback port. Every meter on it runs an HDLC server at its
 * own address over its port of the medium; after a power cut it comes back
 * with a new HDLC server. socat is restarted if it exits.
 */
public final class PtyEndpoint implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("fums.meter.pty");
    private final Path pty;
    private final List<MeterPlan> meters;
    private final Population population;
    private final SessionRunner runner;
    private final Sessions sessions;
    private final Medium medium;
    private final ServerSocket server;
    private final Thread supervisor;
    private volatile Process socat;
    private volatile boolean closed;

    /**
     * Starts socat and the meters' HDLC servers.
     *
     * @throws IOException if the loopback port cannot be opened or socat cannot be started
     */
    public PtyEndpoint(Path pty, LinkProfile profile, List<MeterPlan> meters, Population population,
            SessionRunner runner, Sessions sessions) throws IOException {
        this.pty = pty;
        this.meters = List.copyOf(meters);
        this.population = population;
        this.runner = runner;
        this.sessions = sessions;
        this.medium = new Medium(profile, pty.hashCode());
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Files.createDirectories(pty.toAbsolutePath().getParent());
        startSocat();
        supervisor = new Thread(this::supervise, "pty " + pty);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** The path of the pty. */
    public Path path() {
        return pty;
    }

    /** Waits until socat has created the pty (its link exists), at most {@code millis}. */
    public boolean awaitPty(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!Files.exists(pty) && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return Files.exists(pty);
    }

    private void startSocat() throws IOException {
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + pty.toAbsolutePath(),
                "tcp:127.0.0.1:" + server.getLocalPort()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void supervise() {
        while (!closed) {
            try (Socket s = server.accept()) {
                serveConnection(TcpLink.of(s));
            } catch (IOException | DlmsException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, pty + ": " + e.getMessage());
                }
            }
            if (!closed) {
                restartSocat();
            }
        }
    }

    private void serveConnection(Link upstream) {
        try (MediumBridge bridge = new MediumBridge(upstream, medium, FrameSplitter.Framing.HDLC, false)) {
            Thread[] loops = new Thread[meters.size()];
            for (int i = 0; i < loops.length; i++) {
                MeterPlan p = meters.get(i);
                MeterModel model = population.meter(p.spec().meterId());
                Link first = model.poweredOn() ? bridge.attach(p.spec().meterId(), model.faults()) : null;
                loops[i] = new Thread(() -> meterLoop(bridge, p, first), "hdlc " + p.spec().meterId());
                loops[i].setDaemon(true);
            }
            bridge.start();
            for (Thread t : loops) {
                t.start();
            }
            for (Thread t : loops) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One meter on the medium: an HDLC server per power cycle, sessions one after another. */
    private void meterLoop(MediumBridge bridge, MeterPlan p, Link firstPort) {
        String id = p.spec().meterId();
        MeterModel model = population.meter(id);
        HdlcSettings settings = HdlcSettings.server(p.logicalDevice(), p.hdlcAddress())
                .withMaxInfo(p.hdlcMaxInfo(), p.hdlcMaxInfo()).withWindow(p.hdlcWindow(), p.hdlcWindow());
        Link next = firstPort;
        while (!closed && bridge.isOpen()) {
            if (next == null && !model.poweredOn()) {
                sleep(50);
                continue;
            }
            Link port = next != null ? next : bridge.attach(id, model.faults());
            next = null;
            sessions.track(id, port);
            HdlcServerTransport transport = new HdlcServerTransport(port, settings);
            try {
                while (port.isOpen() && !closed) {
                    runner.serve(transport, model, p);
                }
            } catch (DlmsException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> id + ": HDLC session ended: " + e.getMessage());
            } finally {
                sessions.untrack(id, port);
                port.close();
            }
        }
    }

    private void restartSocat() {
        Process old = socat;
        if (old != null && old.isAlive()) {
            old.destroy();
        }
        sleep(200);
        try {
            startSocat();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, pty + ": cannot restart socat: " + e.getMessage());
            sleep(1000);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits, after {@link #close()} and after the meters' links are closed,
     * until the meters' HDLC sessions on this pty have ended: they save their
     * meter's state when they end, so that nothing writes the state folder
     * once the emulator's close() returns.
     *
     * @throws IllegalStateException if they did not end within {@code timeout}
     */
    public void awaitTermination(java.time.Duration timeout) {
        try {
            supervisor.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (supervisor.isAlive()) {
            throw new IllegalStateException(pty + ": meter sessions did not end within " + timeout + " of closing");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        Process p = socat;
        if (p != null) {
            p.destroy();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
