package io.fums.meter.reading.internal;

import io.fums.dlms.DlmsException;
import io.fums.dlms.link.Link;
import io.fums.dlms.transport.ApduTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An association's transport whose every request/response exchange holds
 * its link: {@link #send} takes the link from the {@link LinkScheduler}
 * (a read at once, anything else after the waiting reads) and
 * {@link #receive} gives it back when the response is in, so exchanges of
 * different meters on one medium never overlap and reads slip in between
 * two transfer requests. A request is made (ciphered with the next
 * invocation counter) only once it holds the link ({@link #sendWhenReady}).
 *
 * <p>{@link #close()} by the thread that uses the association releases the
 * link layer under the link (HDLC DISC); by another thread while an
 * exchange runs, or through {@link #abort()}, it closes the link (view) at
 * once so that the exchange fails promptly. Either way the close actions
 * run once.
 */
final class ScheduledTransport implements ApduTransport {

    /** Runs before each APDU goes out (invocation counter reservation). */
    interface BeforeSend {
        void run() throws DlmsException;
    }

    private final ApduTransport inner;
    private final Link link;
    private final LinkScheduler scheduler;
    private final long linkTimeoutMillis;
    private final BeforeSend beforeSend;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private volatile LinkScheduler.Handoff handoff;
    private volatile Thread exchanging;
    private volatile boolean aborting;

    /**
     * @param inner             the framing over {@code link}
     * @param link              the link (a view of a shared port, or a TCP connection), closed on abort
     * @param linkTimeoutMillis how long an exchange waits for its turn on the link
     * @param onClose           runs once, after the transport is closed
     */
    ScheduledTransport(ApduTransport inner, Link link, LinkScheduler scheduler, long linkTimeoutMillis,
            BeforeSend beforeSend, Runnable onClose) {
        this.inner = inner;
        this.link = link;
        this.scheduler = scheduler;
        this.linkTimeoutMillis = linkTimeoutMillis;
        this.beforeSend = beforeSend;
        this.onClose = onClose;
    }

    /** How this association's transfer exchanges let a read of the same meter go first. */
    void handoff(LinkScheduler.Handoff h) {
        this.handoff = h;
    }

    /** Runs {@code action} when the transport is closed (at once if it is closed already). */
    void onClosed(Runnable action) {
        closeActions.add(action);
        if (closed.get()) {
            action.run();
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void send(byte[] apdu) throws DlmsException {
        sendWhenReady(() -> apdu);
    }

    /**
     * Takes the link (letting a waiting read of the same meter use the
     * association first, see {@link LinkScheduler.Handoff}), and only then
     * makes the APDU: a ciphered one takes the next invocation counter now,
     * after any read that went first, so requests leave in counter order.
     */
    @Override
    public void sendWhenReady(Encoder encoder) throws DlmsException {
        if (closed.get()) {
            throw DlmsException.unreachable(inner.name(), "association is closed", null);
        }
        if (!scheduler.heldByCurrentThread()) {
            scheduler.acquire(linkTimeoutMillis, handoff);
        }
        exchanging = Thread.currentThread();
        try {
            byte[] apdu = encoder.encode();
            beforeSend.run();
            inner.send(apdu);
        } catch (DlmsException | RuntimeException e) {
            endExchange();
            throw e;
        }
    }

    @Override
    public byte[] receive(long timeoutMillis) throws DlmsException {
        if (!scheduler.heldByCurrentThread()) {
            // a further response after a stale one: wait for the link again
            scheduler.acquire(linkTimeoutMillis, handoff);
            exchanging = Thread.currentThread();
        }
        try {
            return inner.receive(timeoutMillis);
        } finally {
            endExchange();
        }
    }

    private void endExchange() {
        exchanging = null;
        scheduler.release();
    }

    @Override
    public int peerAddress() {
        return inner.peerAddress();
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && inner.isOpen();
    }

    /** Closes at once, without waiting for the link to release the link layer (the component stops). */
    void abort() {
        aborting = true;
        close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread t = exchanging;
            if (aborting || t != null && t != Thread.currentThread()) {
                link.close(); // abort: the running exchange fails at once, no DISC
                inner.close();
            } else {
                try {
                    scheduler.exclusive(linkTimeoutMillis, handoff, () -> {
                        inner.close();
                        return null;
                    });
                } catch (DlmsException e) {
                    link.close(); // no turn on the link: leave without DISC
                    inner.close();
                }
            }
        } finally {
            onClose.run();
            closeActions.forEach(Runnable::run);
        }
    }

    @Override
    public String toString() {
        return inner.name();
    }
}
