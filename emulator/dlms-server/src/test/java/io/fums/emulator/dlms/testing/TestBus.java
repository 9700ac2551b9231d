package io.fums.emulator.dlms.testing;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import io.fums.emulator.dlms.server.ServerSession;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.dlms.transport.HdlcSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * A shared medium in memory (an RS-485 bus): every write of the DCU (one
 * HDLC frame) reaches every meter, each losing it on its own with
 * probability {@code loss}; what the meters write reaches the DCU intact.
 * Each meter runs an HDLC server session at physical address 0x10 + index.
 */
public final class TestBus implements AutoCloseable {

    private final PipeLink[] up = PipeLink.pair("bus up", 1 << 20, 10_000);
    private final List<PipeLink[]> down = new ArrayList<>();
    private final List<Random> dice = new ArrayList<>();
    private final List<ServerSession> sessions = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final double loss;
    private final Object upLock = new Object();
    private int lost;

    /** Meters {@code meters} on a bus losing {@code loss} of the DCU's frames per meter. */
    public TestBus(List<TestMeter> meters, double loss, long seed, ServerSettings settings) {
        this(meters, loss, seed, i -> settings);
    }

    /** As above, meter {@code i} with its own {@code settings.apply(i)} (ciphered meters: their own counters). */
    public TestBus(List<TestMeter> meters, double loss, long seed, IntFunction<ServerSettings> settings) {
        this.loss = loss;
        for (int i = 0; i < meters.size(); i++) {
            PipeLink[] p = PipeLink.pair("bus meter " + i, 1 << 20, 10_000);
            down.add(p);
            dice.add(new Random(seed + i));
            ServerSession s = new ServerSession(new HdlcServerTransport(meterPort(p[1]), HdlcSettings.server(1,
                    address(i))), meters.get(i), settings.apply(i));
            sessions.add(s);
            Thread t = new Thread(s::run, "bus meter " + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** The HDLC physical address of meter {@code i}. */
    public static int address(int i) {
        return 0x10 + i;
    }

    /** Frames the medium lost so far (one per meter that missed a frame). */
    public synchronized int lost() {
        return lost;
    }

    private synchronized boolean lose(int meter) {
        if (loss > 0 && dice.get(meter).nextDouble() < loss) {
            lost++;
            return true;
        }
        return false;
    }

    /** The DCU's end: writes go to every meter, reads come from all of them; closing it does nothing. */
    public Link dcu() {
        return new Link() {
            @Override public String name() { return "test bus"; }

            @Override public int read(byte[] b, int off, int len, long timeout) throws DlmsException {
                return up[0].read(b, off, len, timeout);
            }

            @Override public void write(byte[] b, int off, int len) throws DlmsException {
                for (int i = 0; i < down.size(); i++) {
                    if (!lose(i)) {
                        down.get(i)[0].write(b, off, len);
                    }
                }
            }

            @Override public boolean isOpen() { return up[0].isOpen(); }

            @Override public void close() { }
        };
    }

    private Link meterPort(PipeLink in) {
        return new Link() {
            @Override public String name() { return in.name(); }

            @Override public int read(byte[] b, int off, int len, long timeout) throws DlmsException {
                return in.read(b, off, len, timeout);
            }

            @Override public void write(byte[] b, int off, int len) throws DlmsException {
                synchronized (upLock) {
                    up[1].write(b, off, len);
                }
            }

            @Override public boolean isOpen() { return in.isOpen(); }

            @Override public void close() { in.close(); }
        };
    }

    @Override
    public void close() {
        for (ServerSession s : sessions) {
            s.close();
        }
        up[0].close();
        for (PipeLink[] p : down) {
            p[0].close();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
