package io.fums.cloud.mqtt.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's only writer: a thread that commits every waiting new event and
 * every acknowledged event's deletion in one transaction (group commit). One
 * fsync then serves all producers that arrived during the previous commit, so
 * the rate of durable events grows with the number of producers instead of
 * being bounded by one fsync per event.
 */
final class OutboxWriter implements AutoCloseable {

    /** What the writer tells its owner after each commit. */
    interface Listener {
        /** New events are committed. */
        void inserted(int count);

        /** These acknowledged events are deleted. */
        void deleted(List<Long> seqs);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);
    private static final int MAX_BATCH = 4096;

    private record Pending(OutboxStore.NewEvent event, CompletableFuture<String> done) {
    }

    private final OutboxStore store;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Pending> inserts = new ArrayList<>();
    private final List<Long> deletes = new ArrayList<>();
    private final Thread thread;
    private boolean closed;

    OutboxWriter(OutboxStore store, Listener listener, String name) {
        this.store = store;
        this.listener = listener;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues an event; the future completes with its id once it is durable. */
    CompletableFuture<String> insert(OutboxStore.NewEvent event) {
        CompletableFuture<String> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                done.completeExceptionally(new FumsException(ErrorCode.STORAGE_FAILED, "the outbox is closed"));
                return done;
            }
            inserts.add(new Pending(event, done));
            work.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Queues the deletion of an acknowledged event. */
    void delete(long seq) {
        lock.lock();
        try {
            deletes.add(seq);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<Pending> batch;
            List<Long> gone;
            lock.lock();
            try {
                while (inserts.isEmpty() && deletes.isEmpty() && !closed) {
                    work.awaitUninterruptibly();
                }
                if (inserts.isEmpty() && deletes.isEmpty()) {
                    return;
                }
                int n = Math.min(inserts.size(), MAX_BATCH);
                batch = new ArrayList<>(inserts.subList(0, n));
                inserts.subList(0, n).clear();
                gone = new ArrayList<>(deletes);
                deletes.clear();
            } finally {
                lock.unlock();
            }
            commit(batch, gone);
        }
    }

    private void commit(List<Pending> batch, List<Long> gone) {
        List<OutboxStore.NewEvent> rows = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            rows.add(p.event());
        }
        int inserted;
        try {
            inserted = store.commit(rows, gone);
        } catch (FumsException | RuntimeException e) {
            LOG.error("outbox commit of {} events and {} deletions failed: {}", rows.size(), gone.size(), e.toString());
            FumsException why = e instanceof FumsException f ? f
                    : new FumsException(ErrorCode.STORAGE_FAILED, "outbox commit failed: " + e, e);
            for (Pending p : batch) {
                p.done().completeExceptionally(why);
            }
            if (!gone.isEmpty()) {
                lock.lock();
                try {
                    if (!closed) {
                        deletes.addAll(0, gone);
                    }
                } finally {
                    lock.unlock();
                }
                pause();
            }
            return;
        }
        if (inserted > 0) {
            listener.inserted(inserted);
        }
        for (Pending p : batch) {
            p.done().complete(p.event().eventId());
        }
        if (!gone.isEmpty()) {
            listener.deleted(gone);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
