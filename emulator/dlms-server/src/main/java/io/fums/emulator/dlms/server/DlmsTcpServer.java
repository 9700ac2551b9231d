package io.fums.emulator.dlms.server;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.transport.ApduTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Serves COSEM object models on TCP ports: one acceptor thread for any
 * number of ports (one per emulated meter), and a {@link ServerSession} on
 * its own daemon thread per accepted connection, with the framing
 * {@code framing} builds over the connection's {@link Link} (TCP wrapper:
 * {@code link -> WrapperTransport.server(link, 1)}; HDLC over TCP works too).
 * A port admits at most {@code maxSessions} connections at once (further
 * ones are closed at once), so with 1 its model is called by one session at
 * a time. Thread-safe.
 */
public final class DlmsTcpServer implements AutoCloseable {

    private record Port(ServerSocketChannel channel, CosemObjectModel model, ServerSettings settings, int max,
            AtomicInteger active) {
    }

    private final Function<Link, ApduTransport> framing;
    private final Selector selector;
    private final Map<Integer, Port> ports = new ConcurrentHashMap<>();
    private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * A server with no port yet; add ports with {@link #listen}.
     *
     * @throws DlmsException METER_UNREACHABLE if no selector can be opened
     */
    public DlmsTcpServer(Function<Link, ApduTransport> framing) throws DlmsException {
        this.framing = framing;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw DlmsException.unreachable("tcp", "cannot open a selector: " + e.getMessage(), e);
        }
        this.acceptor = new Thread(this::acceptLoop, "dlms-tcp-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A server with one port: {@code new DlmsTcpServer(framing)} then {@link #listen}. */
    public static DlmsTcpServer start(InetSocketAddress bind, Function<Link, ApduTransport> framing,
            CosemObjectModel model, ServerSettings settings, int maxSessions) throws DlmsException {
        DlmsTcpServer server = new DlmsTcpServer(framing);
        try {
            server.listen(bind, model, settings, maxSessions);
            return server;
        } catch (DlmsException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Serves {@code model} on {@code bind} (port 0: any free port).
     *
     * @return the port listened on
     * @throws DlmsException METER_UNREACHABLE if the port cannot be bound
     */
    public int listen(InetSocketAddress bind, CosemObjectModel model, ServerSettings settings, int maxSessions)
            throws DlmsException {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be positive");
        }
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(bind, 64);
                ch.configureBlocking(false);
                int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                Port p = new Port(ch, model, settings, maxSessions, new AtomicInteger());
                ports.put(port, p);
                ch.register(selector, SelectionKey.OP_ACCEPT, p); // JDK 11+: does not wait for a running select
                selector.wakeup();
                return port;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw DlmsException.unreachable("tcp " + bind, "cannot listen: " + e.getMessage(), e);
        }
    }

    /**
     * Stops listening on {@code port} (the port is free when this returns,
     * within a second); its open sessions go on until they end.
     */
    public void unlisten(int port) {
        Port p = ports.remove(port);
        if (p != null) {
            try {
                p.channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            // a registered channel releases its socket when the selector deregisters it
            long until = System.nanoTime() + 1_000_000_000L;
            while (p.channel.isRegistered() && acceptor.isAlive() && System.nanoTime() < until) {
                selector.wakeup();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The first port listened on (for a server with one port). */
    public int port() {
        return ports.keySet().stream().findFirst().orElse(-1);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isAcceptable()) {
                        accept((Port) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void accept(Port p) throws IOException {
        SocketChannel sc = p.channel.accept();
        if (sc == null) {
            return;
        }
        sc.configureBlocking(true);
        if (p.active.get() >= p.max) {
            sc.close();
            return;
        }
        Link link;
        ServerSession session;
        try {
            link = TcpLink.of(sc.socket());
            session = new ServerSession(framing.apply(link), p.model, p.settings);
        } catch (DlmsException | RuntimeException e) {
            sc.close();
            return;
        }
        p.active.incrementAndGet();
        sessions.add(session);
        Thread t = new Thread(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(session);
                p.active.decrementAndGet();
            }
        }, "dlms-session-" + link.name());
        t.setDaemon(true);
        t.start();
    }

    /** Stops listening on every port and closes every session. */
    @Override
    public void close() {
        closed = true;
        for (Integer port : ports.keySet()) {
            unlisten(port);
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (ServerSession s : sessions) {
            s.close();
        }
    }
}
