package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.security.Authentication;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.dlms.transport.ApduTransport;
import io.fums.dlms.transport.HdlcClientTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.meter.reading.internal.Inventory.HdlcEndpoint;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.meter.reading.internal.Inventory.TcpEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens associations with meters over their links, one association per
 * meter at a time (a meter accepts one connection: a second one would end
 * the first). Every exchange is scheduled on the meter's link
 * ({@link ScheduledTransport}); HDLC set-up too. Counters of ciphered and
 * HLS associations come from the {@link CounterStore}; outcomes of the
 * association (authentication refused or not) go to the
 * {@link AssociationEvents}. Thread-safe.
 */
final class MeterConnector implements AutoCloseable {

    /** What became of an association attempt (SEC-8). */
    interface AssociationEvents {
        void associated(String meter);

        void refused(String meter, DlmsException e);

        /**
         * Responses of an open association the DCU refused since the last
         * call: {@code staleCounters} with an invocation counter not above the
         * last accepted, {@code decipherFailed} failing GCM authentication.
         */
        void responsesRefused(String meter, long staleCounters, long decipherFailed);

        /**
         * Before an association: why it must not be opened (already reported: a meter certificate outside its
         * validity dates), or null.
         */
        default DlmsException refusal(MeterEntry m) {
            return null;
        }
    }

    /** A meter's keys, unwrapped for one association. */
    interface KeySource {
        /**
         * @throws FumsException {@code CONFIG_MISSING}: none stored; {@code STORAGE_*}: unusable
         */
        SecurityKeys keys(String meter) throws FumsException;

        /**
         * The DCU's HLS-ECDSA client signing key (security suite 1).
         *
         * @throws FumsException {@code CONFIG_MISSING}: none loaded
         */
        java.security.interfaces.ECPrivateKey clientSigningKey() throws FumsException;
    }

    /** A read over an association. */
    interface Read<T> {
        T run(DlmsClient client) throws FumsException;
    }

    private final LinkRegistry links;
    private final CounterStore counters;
    private final KeySource keys;
    private final AssociationEvents events;
    private volatile Duration timeout;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Map<DlmsClient, ScheduledTransport> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One meter's association slot, and the association lent out, if any. */
    private static final class Slot {
        final Semaphore permit = new Semaphore(1, true);
        volatile Lent lent;
    }

    /**
     * @param timeout how long to wait for a link's turn, a meter's slot and each answer
     */
    MeterConnector(LinkRegistry links, CounterStore counters, KeySource keys, AssociationEvents events,
                   Duration timeout) {
        this.links = links;
        this.counters = counters;
        this.keys = keys;
        this.events = events;
        this.timeout = timeout;
    }

    /** A new timeout, for the associations opened from now on. */
    void timeout(Duration t) {
        this.timeout = t;
    }

    /** The association for {@link io.fums.meter.access.MeterInventory#open}: lent until its client is closed. */
    DlmsClient lend(MeterEntry m) throws DlmsException {
        Slot slot = slot(m.id());
        acquire(slot, m, System.nanoTime() + timeout.toNanos());
        Lent lent = new Lent();
        DlmsClient c = associate(m, null, () -> {
            synchronized (slot) {
                lent.ended = true;
                if (slot.lent == lent) {
                    slot.lent = null;
                }
            }
            slot.permit.release();
        }, lent);
        synchronized (slot) {
            if (!lent.ended) {
                slot.lent = lent;
            }
        }
        return c;
    }

    /**
     * Runs a read of the meter in a read session on its link: over the
     * association lent out for the meter if there is one (between two of its
     * owner's requests), else over an association of its own.
     *
     * @throws DlmsException METER_UNREACHABLE if the meter's slot did not come free in time
     */
    <T> T read(MeterEntry m, Read<T> read) throws FumsException {
        return read(m, null, read);
    }

    /** {@link #read}, or with {@code override} keys {@link #readWith}. */
    private <T> T read(MeterEntry m, SecurityKeys override, Read<T> read) throws FumsException {
        LinkScheduler scheduler = links.scheduler(m.linkId());
        Slot slot = slot(m.id());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (LinkScheduler.ReadSession s = scheduler.beginRead()) {
            while (true) {
                checkOpen();
                Lent lent = slot.lent;
                if (lent != null && override == null) {
                    try {
                        return lent.read(read);
                    } catch (DlmsException e) {
                        // closed under the read by its owner: read over an association of its own
                        if (e.code() != ErrorCode.METER_UNREACHABLE || !awaitEnd(lent, scheduler, deadline)) {
                            throw e;
                        }
                        continue;
                    }
                }
                if (slot.permit.tryAcquire()) { // a lent association holds the permit
                    DlmsClient c = associate(m, override, slot.permit::release, null);
                    try {
                        return read.run(c);
                    } finally {
                        c.close();
                    }
                }
                // another read of the meter, or an association being opened for lending
                if (System.nanoTime() > deadline) {
                    throw DlmsException.timeout("meter " + m.id(), "its association is in use for more than "
                            + timeout.toSeconds() + " s");
                }
                pausedSleep(scheduler);
            }
        }
    }

    /**
     * Runs a read over an association of its own under {@code keys} instead
     * of the stored ones (a key rotation's steps), in a read session on the
     * meter's link; never over a lent association (its owner's keys): it
     * waits for the meter's slot.
     *
     * @throws DlmsException METER_UNREACHABLE if the meter's slot did not come free in time
     */
    <T> T readWith(MeterEntry m, SecurityKeys keys, Read<T> read) throws FumsException {
        return read(m, java.util.Objects.requireNonNull(keys, "keys"), read);
    }

    /** Waits for a lent association to end, without holding up its owner's exchanges. */
    private boolean awaitEnd(Lent lent, LinkScheduler scheduler, long deadline) throws DlmsException {
        while (!lent.ended) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pausedSleep(scheduler);
        }
        return true;
    }

    /** A short wait for another thread's association, with the reader's precedence lifted meanwhile. */
    private void pausedSleep(LinkScheduler scheduler) throws DlmsException {
        try (LinkScheduler.ReadSession p = scheduler.pauseRead()) {
            sleep(20);
        }
    }

    private void acquire(Slot slot, MeterEntry m, long deadline) throws DlmsException {
        checkOpen();
        try {
            if (!slot.permit.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw DlmsException.timeout("meter " + m.id(), "busy: another association with the meter is open");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DlmsException.unreachable("meter " + m.id(), "interrupted", e);
        }
    }

    /**
     * Opens an association, under {@code override} or else the stored keys; {@code release} runs once when it
     * ends or fails to open.
     */
    private DlmsClient associate(MeterEntry m, SecurityKeys override, Runnable release, Lent lent)
            throws DlmsException {
        AtomicBoolean released = new AtomicBoolean();
        Runnable end = () -> {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        };
        DlmsException refused = events.refusal(m);
        if (refused != null) {
            end.run();
            throw refused;
        }
        LinkScheduler scheduler = links.scheduler(m.linkId());
        long linkTimeout = timeout.toMillis();
        Link link = null;
        ScheduledTransport transport;
        AssociationSettings settings;
        try {
            InvocationCounters ic = m.security().usesCounters() ? counters.counters(m.id()) : null;
            // keys are unwrapped for this association only (SEC-1)
            settings = m.security().settings(ic, timeout, !m.security().usesCounters() ? null
                    : override != null ? override : keys.keys(m.id()),
                    m.security().authentication() == Authentication.HIGH_ECDSA ? keys.clientSigningKey() : null);
            ApduTransport framing;
            if (m.endpoint() instanceof TcpEndpoint t) {
                link = TcpLink.connect(t.host(), t.port(), timeout);
                framing = WrapperTransport.client(link, t.clientSap(), t.logicalDevice());
            } else {
                HdlcEndpoint h = (HdlcEndpoint) m.endpoint();
                Link view = links.serial(h.link()).view();
                link = view;
                HdlcSettings hs = h.settings(); // window and information field from the inventory
                framing = scheduler.exclusive(linkTimeout, null, () -> HdlcClientTransport.connect(view, hs));
            }
            String meter = m.id();
            ScheduledTransport.BeforeSend before = ic == null ? () -> { } : () -> {
                counters.beforeSend(meter);
                reportRefused(meter);
            };
            transport = new ScheduledTransport(framing, link, scheduler, linkTimeout, before, () -> {
                if (ic != null) {
                    counters.afterAssociation(meter);
                    reportRefused(meter);
                }
                end.run();
            });
        } catch (FumsException | RuntimeException e) {
            if (link != null) {
                link.close();
            }
            end.run();
            throw e instanceof DlmsException d ? d : e instanceof FumsException f
                    ? new DlmsException(f.code(), "meter " + m.id() + ": " + f.getMessage(), f)
                    : new DlmsException(ErrorCode.INTERNAL, "meter " + m.id() + ": " + e, e);
        }
        DlmsClient client;
        try {
            client = DlmsClient.open(transport, settings); // closes the transport if it fails
        } catch (DlmsException e) {
            if (e.code() == ErrorCode.METER_AUTH_FAILED) {
                counters.refusedSince(m.id()); // the association's refusal is reported, once
                events.refused(m.id(), e);
            }
            throw e;
        }
        events.associated(m.id());
        if (lent != null) {
            lent.client = client;
            transport.handoff(lent);
        }
        open.put(client, transport);
        transport.onClosed(() -> open.remove(client));
        if (closed) {
            abort(client, transport);
        }
        return client;
    }

    /** Reports the meter's responses refused since the last report (SEC-8), if any. */
    private void reportRefused(String meter) {
        long[] refused = counters.refusedSince(meter);
        if (refused[0] > 0 || refused[1] > 0) {
            events.responsesRefused(meter, refused[0], refused[1]);
        }
    }

    private Slot slot(String meter) {
        return slots.computeIfAbsent(meter, k -> new Slot());
    }

    private void checkOpen() throws DlmsException {
        if (closed) {
            throw DlmsException.unreachable("meter reading", "stopped", null);
        }
    }

    private static void sleep(long millis) throws DlmsException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DlmsException.unreachable("meter reading", "interrupted", e);
        }
    }

    /** Aborts every open association (the component stops): running reads and lent clients fail at once. */
    @Override
    public void close() {
        closed = true;
        open.forEach(MeterConnector::abort);
    }

    private static void abort(DlmsClient client, ScheduledTransport transport) {
        transport.abort(); // no turn on the link needed: the link is closed under any running exchange
        client.abort(); // and the client refuses further requests at once
    }

    /**
     * An association lent out. Its owner's requests and the reads of the
     * same meter take turns: while a read waits for the association, the
     * owner's next request lends it to the read (it waits on the client's
     * monitor, which {@link DlmsClient} serialises its requests with) before
     * anything of that request is made. Ciphered associations too: a request
     * is ciphered with the next invocation counter only when it holds the
     * link ({@link ScheduledTransport#sendWhenReady}), after the read, so
     * requests leave in counter order whoever makes them.
     */
    static final class Lent implements LinkScheduler.Handoff {
        private final AtomicInteger readsWaiting = new AtomicInteger();
        private volatile DlmsClient client;
        private volatile boolean ended; // written under the slot

        <T> T read(Read<T> read) throws FumsException {
            readsWaiting.incrementAndGet();
            try {
                return read.run(client);
            } finally {
                readsWaiting.decrementAndGet();
            }
        }

        @Override
        public Result yieldToRead(long maxMillis) throws InterruptedException {
            if (readsWaiting.get() == 0) {
                return Result.NONE;
            }
            if (!Thread.holdsLock(client)) {
                return Result.CANNOT;
            }
            client.wait(Math.max(1, maxMillis));
            return Result.YIELDED;
        }
    }
}
