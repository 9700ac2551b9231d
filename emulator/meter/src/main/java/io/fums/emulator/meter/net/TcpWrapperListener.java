package io.fums.emulator.meter.net;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.link.FrameSplitter;
import io.fums.emulator.meter.link.Medium;
import io.fums.emulator.meter.link.MediumBridge;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.emulator.meter.runtime.Population;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP wrapper endpoints (IEC 62056-47) of every meter that has a TCP
 * port: one selector thread accepts on all ports, each connection gets a
 * session thread that serves the meter through its link model. A powered
 * off meter closes new connections at once.
 */
public final class TcpWrapperListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("fums.meter.tcp");
    private final Population population;
    private final SessionRunner runner;
    private final Sessions sessions;
    private final Selector selector;
    private final List<ServerSocketChannel> channels = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Binds every meter's port on {@code bindAddress} and starts accepting.
     *
     * @throws IOException if a port cannot be bound (the ports bound so far are released)
     */
    public TcpWrapperListener(String bindAddress, Population population, SessionRunner runner, Sessions sessions)
            throws IOException {
        this.population = population;
        this.runner = runner;
        this.sessions = sessions;
        this.selector = Selector.open();
        try {
            for (MeterPlan p : population.plans()) {
                if (p.tcpPort() > 0) {
                    bind(bindAddress, p);
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        acceptor = new Thread(this::acceptLoop, "meter tcp acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void bind(String bindAddress, MeterPlan p) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        channels.add(ch);
        try {
            ch.bind(new InetSocketAddress(bindAddress, p.tcpPort()), 8);
        } catch (IOException e) {
            throw new IOException("meter " + p.spec().meterId() + ": cannot listen on " + bindAddress + ":"
                    + p.tcpPort() + ": " + e.getMessage(), e);
        }
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_ACCEPT, p);
    }

    /** Number of ports bound. */
    public int ports() {
        return channels.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                selector.select(500);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = ((ServerSocketChannel) k.channel()).accept();
                    if (ch != null) {
                        accepted(ch, (MeterPlan) k.attachment());
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed", e);
                }
            }
        }
    }

    private void accepted(SocketChannel ch, MeterPlan plan) throws IOException {
        String id = plan.spec().meterId();
        MeterModel model = population.meter(id);
        if (!model.poweredOn()) {
            ch.close();
            return;
        }
        ch.configureBlocking(true);
        Link tcp;
        try {
            tcp = TcpLink.of(ch.socket());
        } catch (DlmsException e) {
            ch.close();
            return;
        }
        MediumBridge bridge = new MediumBridge(tcp, new Medium(plan.link(), id.hashCode()),
                FrameSplitter.Framing.WRAPPER, true);
        Link port = bridge.attach(id, model.faults());
        bridge.start();
        sessions.track(id, port);
        sessions.run(id, () -> {
            try {
                runner.serve(WrapperTransport.server(port, plan.logicalDevice()), model, plan);
            } catch (DlmsException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> id + ": session ended: " + e.getMessage());
            } finally {
                sessions.untrack(id, port);
                port.close();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // already gone
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
