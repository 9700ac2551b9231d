package io.fums.meter.reading.internal;

import io.fums.dlms.DlmsException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who talks on one link (a serial port shared by several meters, or one TCP
 * endpoint): one request/response exchange at a time, in arrival order (a
 * fair lock), with precedence for reads (SM-8).
 *
 * <p>A thread inside {@link #beginRead()} ... {@code close()} is a reader:
 * its exchanges only queue on the fair lock. Any other exchange (an image
 * transfer on an association lent out) first waits while read sessions are
 * open on the link, at most {@code bulkMaxWait} so that a transfer is slowed
 * but never starved (it then queues on the fair lock, with its whole timeout
 * for the turn); a read therefore waits for at most the one exchange
 * under way, and then runs all its exchanges back to back.
 *
 * <p>A transfer that holds the association a waiting read needs (the read of
 * the very meter under transfer) cannot wait for that read: its
 * {@link Handoff} lends the association to the read instead, or, when it
 * cannot, goes ahead.
 *
 * <p>Thread-safe. The lock belongs to the thread that took it.
 */
final class LinkScheduler {

    /** How a waiting transfer exchange hands its association to a read that needs it. */
    interface Handoff {
        /** What {@link #yieldToRead} did. */
        enum Result {
            /** No read waits for this association. */
            NONE,
            /** The association was lent to a waiting read for a while: look again. */
            YIELDED,
            /** A read waits for this association, which cannot be lent now: go ahead. */
            CANNOT
        }

        Result yieldToRead(long maxMillis) throws InterruptedException;
    }

    /** A read session; {@link #close()} ends it. */
    interface ReadSession extends AutoCloseable {
        @Override
        void close();
    }

    private static final long SLICE_MILLIS = 20;

    private final String linkId;
    private final long bulkMaxWaitMillis;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Object gate = new Object();
    private int readSessions;
    private final ThreadLocal<int[]> readDepth = ThreadLocal.withInitial(() -> new int[1]);
    private final AtomicLong bulkWaits = new AtomicLong();

    /**
     * @param linkId           names the link in errors
     * @param bulkMaxWaitMillis the longest a transfer exchange waits for reads before it queues anyway
     */
    LinkScheduler(String linkId, long bulkMaxWaitMillis) {
        this.linkId = linkId;
        this.bulkMaxWaitMillis = bulkMaxWaitMillis;
    }

    String linkId() {
        return linkId;
    }

    /** Starts a read session of the calling thread (nestable). */
    ReadSession beginRead() {
        synchronized (gate) {
            readSessions++;
        }
        int[] depth = readDepth.get();
        depth[0]++;
        boolean[] closed = new boolean[1];
        return () -> {
            if (closed[0]) {
                return;
            }
            closed[0] = true;
            depth[0]--;
            synchronized (gate) {
                readSessions--;
                gate.notifyAll();
            }
        };
    }

    /**
     * Lifts the calling thread's read precedence until the returned handle
     * is closed: while a reader waits for something other than the link
     * (the meter's association slot, held by a transfer that is opening or
     * closing its association), that transfer's exchanges must not wait for
     * the reader.
     */
    ReadSession pauseRead() {
        int depth = readDepth.get()[0];
        if (depth == 0) {
            return () -> { };
        }
        synchronized (gate) {
            readSessions -= depth;
            gate.notifyAll();
        }
        boolean[] closed = new boolean[1];
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                synchronized (gate) {
                    readSessions += depth;
                }
            }
        };
    }

    /** Whether the calling thread is in a read session on this link. */
    boolean inRead() {
        return readDepth.get()[0] > 0;
    }

    /** Read sessions open now (waiting or running). */
    int readSessions() {
        synchronized (gate) {
            return readSessions;
        }
    }

    /** How many times a transfer exchange waited for reads. */
    long bulkWaits() {
        return bulkWaits.get();
    }

    boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Takes the link for one exchange: a reader queues at once; anyone else
     * first lets open read sessions go ahead (see the class comment).
     *
     * @param handoff for an exchange on an association a read may need, else null
     * @throws DlmsException METER_UNREACHABLE (a timeout) if the link was not free within {@code timeoutMillis}
     */
    void acquire(long timeoutMillis, Handoff handoff) throws DlmsException {
        try {
            long waited = 0;
            if (!inRead() && !lock.isHeldByCurrentThread()) {
                long t0 = System.nanoTime();
                awaitReads(t0 + TimeUnit.MILLISECONDS.toNanos(bulkMaxWaitMillis), handoff);
                waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            // The wait for reads is their precedence, not a busy link: the turn itself then has the whole timeout (a
            // read sweep of a long bus used to take all of it, and a broadcast ended with "link busy", session 10).
            if (!lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw DlmsException.timeout(linkId, "link busy: no turn within " + timeoutMillis + " ms (after "
                        + waited + " ms for reads)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DlmsException.unreachable(linkId, "interrupted while waiting for the link", e);
        }
    }

    private void awaitReads(long untilNanos, Handoff handoff) throws InterruptedException {
        boolean counted = false;
        while (true) {
            synchronized (gate) {
                if (readSessions == 0) {
                    return;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(untilNanos - System.nanoTime());
            if (left <= 0) {
                return;
            }
            if (!counted) {
                bulkWaits.incrementAndGet();
                counted = true;
            }
            if (handoff != null) {
                Handoff.Result r = handoff.yieldToRead(Math.min(left, SLICE_MILLIS));
                if (r == Handoff.Result.YIELDED) {
                    continue;
                }
                if (r == Handoff.Result.CANNOT) {
                    return;
                }
            }
            synchronized (gate) {
                if (readSessions > 0) {
                    gate.wait(Math.max(1, Math.min(left, SLICE_MILLIS)));
                }
            }
        }
    }

    /** Gives the link back, if the calling thread holds it. */
    void release() {
        if (lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
    }

    /** Work done while holding the link. */
    interface Exclusive<T> {
        T run() throws DlmsException;
    }

    /** Runs {@code work} holding the link (e.g. HDLC connection set-up or release). */
    <T> T exclusive(long timeoutMillis, Handoff handoff, Exclusive<T> work) throws DlmsException {
        acquire(timeoutMillis, handoff);
        try {
            return work.run();
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return "LinkScheduler[" + linkId + "]";
    }
}
