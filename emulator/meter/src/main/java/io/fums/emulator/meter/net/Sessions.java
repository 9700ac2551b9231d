package io.fums.emulator.meter.net;

import io.fums.dlms.link.Link;
import io.fums.emulator.meter.runtime.Population;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live connections of the population's meters, one per meter: a new
 * connection to a meter replaces its old one (a DCU that reconnects after a
 * timeout is not locked out by a half-dead session), and a power cut drops
 * the meter's connection. Owns the session threads. Thread-safe.
 */
public final class Sessions implements AutoCloseable {

    private final Map<String, Link> active = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meter session");
        t.setDaemon(true);
        return t;
    });

    /** Tracks the meters of {@code population}: their connections drop when their power fails. */
    public Sessions(Population population) {
        for (var m : population.meters()) {
            String id = m.spec().meterId();
            m.onPowerCut(() -> drop(id));
        }
    }

    /** Makes {@code link} the meter's connection, closing the one it replaces. */
    public void track(String meterId, Link link) {
        Link old = active.put(meterId, link);
        if (old != null && old != link) {
            old.close();
        }
    }

    /** Forgets {@code link} if it is still the meter's connection. */
    public void untrack(String meterId, Link link) {
        active.remove(meterId, link);
    }

    /** Closes the meter's connection, if any. */
    public void drop(String meterId) {
        Link l = active.remove(meterId);
        if (l != null) {
            l.close();
        }
    }

    /** Number of meters with a connection. */
    public int count() {
        return active.size();
    }

    /** Runs a session task on its own thread. */
    public void run(String name, Runnable task) {
        threads.execute(() -> {
            Thread.currentThread().setName("session " + name);
            task.run();
        });
    }

    @Override
    public void close() {
        for (Link l : active.values()) {
            l.close();
        }
        active.clear();
        threads.shutdownNow();
        // Sessions save their meter's invocation counters when they end: wait for
        // them, so that nothing writes the state folder after close() returns.
        try {
            if (!threads.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("meter sessions did not end within 10 s of closing their links");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
