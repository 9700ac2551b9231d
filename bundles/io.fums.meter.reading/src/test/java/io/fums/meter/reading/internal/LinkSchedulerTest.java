package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.testsupport.Conditions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One exchange at a time per link, reads first (SM-8). */
@Tag("SM-8")
class LinkSchedulerTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aWaitingReadGetsTheLinkBeforeTheNextTransferExchangeAndKeepsItForItsWholeSession() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 10_000);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch transferHolds = new CountDownLatch(1);
        CountDownLatch readQueued = new CountDownLatch(1);
        AtomicReference<Thread> reader = new AtomicReference<>();
        Future<?> transfer = threads.submit(() -> {
            link.acquire(1000, null);
            order.add("block 1");
            transferHolds.countDown();
            readQueued.await();
            Conditions.await("the read is queued on the link")
                    .until(() -> reader.get().getState() == Thread.State.TIMED_WAITING);
            link.release();
            for (int n = 2; n <= 3; n++) {
                link.acquire(5000, null);
                order.add("block " + n);
                link.release();
            }
            return null;
        });
        transferHolds.await();
        Future<?> read = threads.submit(() -> {
            try (LinkScheduler.ReadSession s = link.beginRead()) {
                reader.set(Thread.currentThread());
                readQueued.countDown();
                for (int n = 1; n <= 3; n++) {
                    link.acquire(5000, null);
                    order.add("read " + n);
                    link.release();
                    Thread.sleep(10); // the behaviour under test: a gap between two reads, the transfer must not slip in
                }
            }
            return null;
        });
        read.get(10, TimeUnit.SECONDS);
        transfer.get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly("block 1", "read 1", "read 2", "read 3", "block 2", "block 3");
        assertThat(link.bulkWaits()).isGreaterThanOrEqualTo(1);
        assertThat(link.readSessions()).isZero();
    }

    @Test
    void aTransferIsSlowedByReadsButNeverStarved() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 200);
        CountDownLatch end = new CountDownLatch(1);
        threads.submit(() -> {
            try (LinkScheduler.ReadSession s = link.beginRead()) {
                end.await(); // a read session that lasts and lasts
            }
            return null;
        });
        Conditions.await("the read session is open").until(() -> link.readSessions() == 1);
        long t0 = System.nanoTime();
        link.acquire(5000, null);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        link.release();
        end.countDown();
        assertThat(waited).isBetween(150L, 2000L);
    }

    @Test
    void aReaderWaitingForSomethingElseLetsTransfersGoMeanwhile() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 10_000);
        try (LinkScheduler.ReadSession round = link.beginRead(); LinkScheduler.ReadSession meter = link.beginRead()) {
            Future<Long> transfer = threads.submit(() -> {
                long t0 = System.nanoTime();
                link.acquire(5000, null); // e.g. the SNRM of the association the reader waits for
                link.release();
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            });
            Conditions.await("the transfer waits for the reads").until(() -> link.bulkWaits() == 1);
            assertThat(transfer.isDone()).as("held up by the read session").isFalse();
            try (LinkScheduler.ReadSession paused = link.pauseRead()) {
                assertThat(link.readSessions()).isZero();
                assertThat(transfer.get(2, TimeUnit.SECONDS)).isLessThan(2000L);
            }
            assertThat(link.readSessions()).as("both sessions back").isEqualTo(2);
        }
        assertThat(link.readSessions()).isZero();
    }

    @Test
    void aReadDoesNotWaitForOtherReadsSessionsOnlyForTheLink() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 10_000);
        try (LinkScheduler.ReadSession a = link.beginRead()) {
            Future<Long> other = threads.submit(() -> {
                try (LinkScheduler.ReadSession b = link.beginRead()) {
                    long t0 = System.nanoTime();
                    link.acquire(5000, null);
                    link.release();
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
            });
            assertThat(other.get(5, TimeUnit.SECONDS)).isLessThan(1000L);
        }
    }

    /**
     * The wait for reads is their precedence: the turn then still has the whole timeout. Before session 10 it had
     * only what the wait for reads left of it, so a transfer exchange (a broadcast block) that waited out a read
     * sweep of a long bus found a reader's exchange under way and failed "link busy" at once.
     */
    @Test
    void aTransferThatWaitedForReadsStillHasItsWholeTimeoutForTheTurn() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 200);
        CountDownLatch exchange = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        threads.submit(() -> {
            try (LinkScheduler.ReadSession s = link.beginRead()) {
                link.acquire(1000, null);
                exchange.countDown();
                Thread.sleep(400); // a reader's exchange under way when the transfer's wait for reads ends
                link.release();
                end.await();
            }
            return null;
        });
        exchange.await();
        long t0 = System.nanoTime();
        link.acquire(300, null);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        link.release();
        end.countDown();
        assertThat(waited).as("200 ms for reads, then the turn when the exchange ends").isBetween(300L, 3000L);
    }

    @Test
    void noTurnWithinTheTimeoutIsAnUnreachableLink() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 100);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        threads.submit(() -> {
            link.acquire(1000, null);
            held.countDown();
            done.await();
            link.release();
            return null;
        });
        held.await();
        try (LinkScheduler.ReadSession s = link.beginRead()) {
            assertThatThrownBy(() -> link.acquire(100, null)).isInstanceOfSatisfying(DlmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
                assertThat(e.isTimeout()).isTrue();
                assertThat(e.getMessage()).startsWith("rs485-a: link busy");
            });
        } finally {
            done.countDown();
        }
    }

    @Test
    void aTransferHoldingTheAssociationAReadNeedsLendsItOrGoesAhead() throws Exception {
        LinkScheduler link = new LinkScheduler("rs485-a", 10_000);
        try (LinkScheduler.ReadSession s = link.beginRead()) {
            AtomicInteger yields = new AtomicInteger();
            Future<?> f = threads.submit(() -> {
                // lends the association twice, then the read is through with it
                link.acquire(5000, max -> yields.incrementAndGet() <= 2 ? LinkScheduler.Handoff.Result.YIELDED
                        : LinkScheduler.Handoff.Result.CANNOT);
                link.release();
                return null;
            });
            f.get(2, TimeUnit.SECONDS);
            assertThat(yields).hasValue(3);
        }
    }
}
