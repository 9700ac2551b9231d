package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the broker: publishes committed events with QoS 1 in
 * sequence order, at most a window of them unacknowledged (the smaller of
 * the configured maximum and the broker's receive maximum), and hands each
 * PUBACKed event to the writer for deletion.
 *
 * <p>At every new connection (and after the broker refused an event) it
 * starts again from the oldest event not yet acknowledged: what was in
 * flight when a connection broke is sent again, with the same event id.
 */
final class OutboxSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int READ_BATCH = 512;
    private static final long IDLE_WAIT_MILLIS = 1000;

    private final OutboxStore store;
    private final Transport transport;
    private final DeviceId dcu;
    private final int maxInflight;
    private final LongConsumer onAcked;
    private final Backoff retry;
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean signalled;
    private volatile boolean running = true;
    private volatile boolean rewind;

    /**
     * @param onAcked told each acknowledged sequence number (the writer deletes it)
     */
    OutboxSender(OutboxStore store, Transport transport, DeviceId dcu, int maxInflight, LongConsumer onAcked,
                 Backoff retry, String name) {
        this.store = store;
        this.transport = transport;
        this.dcu = dcu;
        this.maxInflight = maxInflight;
        this.onAcked = onAcked;
        this.retry = retry;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** New events, a new connection, or deletions: look again. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The writer deleted these: they no longer need skipping. */
    void forget(List<Long> seqs) {
        seqs.forEach(acked::remove);
    }

    private void run() {
        long epoch = -1;
        long cursor = 0;
        Semaphore window = null;
        while (running) {
            if (!transport.isConnected()) {
                await(IDLE_WAIT_MILLIS);
                continue;
            }
            long now = transport.epoch();
            if (now != epoch || rewind) {
                if (rewind) {
                    sleep(retry.next());
                    rewind = false;
                }
                epoch = now;
                cursor = 0;
                window = new Semaphore(windowSize(maxInflight, transport.brokerReceiveMaximum()));
            }
            List<OutboxStore.StoredEvent> batch;
            lock.lock();
            try {
                signalled = false;
            } finally {
                lock.unlock();
            }
            try {
                batch = store.readAfter(cursor, READ_BATCH);
            } catch (FumsException e) {
                LOG.error("cannot read the outbox: {}", e.toString());
                sleep(Duration.ofSeconds(1));
                continue;
            }
            if (batch.isEmpty()) {
                await(IDLE_WAIT_MILLIS);
                continue;
            }
            for (OutboxStore.StoredEvent e : batch) {
                if (acked.contains(e.seq())) {
                    cursor = e.seq();
                    continue;
                }
                if (!acquire(window, epoch)) {
                    break;
                }
                if (!send(e, window, epoch)) {
                    break;
                }
                cursor = e.seq();
            }
        }
    }

    /**
     * The events in flight at most: the configured maximum, within the broker's
     * receive maximum less two publishes kept free for responses and the state.
     */
    static int windowSize(int maxInflight, int brokerReceiveMaximum) {
        int reserve = Math.min(2, brokerReceiveMaximum - 1);
        return Math.max(1, Math.min(maxInflight, brokerReceiveMaximum - reserve));
    }

    private boolean send(OutboxStore.StoredEvent e, Semaphore window, long epoch) {
        Outgoing m = new Outgoing(Topics.event(dcu, e.kind()), e.payload(), 1, false, null,
                List.of(Map.entry(Topics.EVENT_ID_PROPERTY, e.eventId())));
        try {
            transport.publish(m, new Transport.Completion() {
                @Override
                public void done() {
                    window.release();
                    acked.add(e.seq());
                    onAcked.accept(e.seq());
                    retry.reset();
                }

                @Override
                public void failed(Throwable why) {
                    window.release();
                    if (transport.isConnected() && transport.epoch() == epoch) {
                        LOG.warn("event {} ({}) not acknowledged: {}; resending from the oldest", e.eventId(),
                                e.kind(), why.toString());
                        rewind = true;
                        signal();
                    }
                }
            });
            return true;
        } catch (Transport.NotConnectedException ex) {
            window.release();
            return false;
        }
    }

    /** Waits for room in the window; false if the connection changed or the sender stops meanwhile. */
    private boolean acquire(Semaphore window, long epoch) {
        try {
            while (!window.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (!running || rewind || !transport.isConnected() || transport.epoch() != epoch) {
                    return false;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!running || rewind || transport.epoch() != epoch) {
            window.release();
            return false;
        }
        return true;
    }

    private void await(long millis) {
        lock.lock();
        try {
            if (!signalled && running) {
                wake.await(millis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void sleep(Duration d) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + d.toNanos();
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        signal();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
