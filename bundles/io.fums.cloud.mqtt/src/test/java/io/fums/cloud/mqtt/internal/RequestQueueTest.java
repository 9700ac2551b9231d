package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.client.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 6 (SEC-9): the request queue is bounded for QoS 0 and QoS 1
 * alike; a request that finds it full is dropped, acknowledged (the broker
 * must not send it again), counted, and audited as {@code CMD_QUEUE_FULL}
 * without one audit entry per dropped request.
 */
@Tag("SEC-9")
class RequestQueueTest {

    private static final DeviceId DCU = DeviceId.of("DCU-Q");
    private static final int QUEUE = 3;

    private final FakeTransport transport = new FakeTransport();
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();
    private final Semaphore done = new Semaphore(0);
    private ThreadPoolExecutor workers;
    private FakeGuard guard;
    private RequestRouter router;

    @BeforeEach
    void setUp() {
        transport.connect();
        transport.autoAck(true);
        guard = new FakeGuard(DCU);
        workers = RequestRouter.workers(1, QUEUE, r -> new Thread(r, "request-queue-test"));
        router = new RequestRouter(DCU, handlers, guard, transport, 1024, workers, Clock.systemUTC(), 0);
        handlers.add(request -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
            done.release();
            return CloudResponse.ok(null);
        }, Map.of(RequestHandler.OPERATIONS, "thing.get", RequestHandler.READ_ONLY, "thing.get"));
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void issue12item6_aFullRequestQueueDropsAcknowledgesCountsAndAuditsOnceForQos0AndQos1() throws Exception {
        AtomicInteger acks = new AtomicInteger();
        router.submit(request(0, acks));
        assertThat(started.await(10, TimeUnit.SECONDS)).as("the one worker is busy").isTrue();
        for (int i = 0; i < QUEUE; i++) {
            router.submit(request(i % 2, acks));
        }
        assertThat(workers.getQueue()).hasSize(QUEUE);
        assertThat(router.droppedRequests()).isZero();

        for (int i = 0; i < 100; i++) {
            router.submit(request(i % 2, acks));
        }
        assertThat(router.droppedRequests()).isEqualTo(100);
        assertThat(workers.getQueue()).as("the queue never grows beyond its bound").hasSize(QUEUE);
        assertThat(acks).as("the running one and the 100 dropped are acknowledged").hasValue(1 + 100);
        assertThat(guard.audit).as("one audit entry for the burst, not one per dropped request")
                .containsExactly(new FakeGuard.Decision("thing.get", "REFUSED", ErrorCode.CMD_QUEUE_FULL));

        release.countDown();
        assertThat(done.tryAcquire(1 + QUEUE, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).hasValue(1 + QUEUE);
        workers.shutdown();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acks).as("each queued request is acknowledged when a worker takes it").hasValue(1 + 100 + QUEUE);
        assertThat(transport.sent()).as("only the requests that ran are answered").hasSize(1 + QUEUE);
    }

    @Test
    void issue12item6_theQueueTakesRequestsAgainOnceItHasRoom() throws Exception {
        router.submit(request(0, new AtomicInteger()));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < QUEUE + 5; i++) {
            router.submit(request(0, new AtomicInteger()));
        }
        assertThat(router.droppedRequests()).isEqualTo(5);
        release.countDown();
        assertThat(done.tryAcquire(1 + QUEUE, 10, TimeUnit.SECONDS)).as("the queue drained").isTrue();
        router.submit(request(1, new AtomicInteger()));
        assertThat(done.tryAcquire(1, 10, TimeUnit.SECONDS)).as("a request after the burst runs").isTrue();
        assertThat(router.droppedRequests()).isEqualTo(5);
        assertThat(handled).hasValue(1 + QUEUE + 1);
    }

    @Test
    void workersAreBoundedByConstruction() {
        assertThat(workers.getQueue().remainingCapacity()).isEqualTo(QUEUE);
        assertThat(workers.getMaximumPoolSize()).isEqualTo(1);
    }

    private static Incoming request(int qos, AtomicInteger acks) {
        return new Incoming(Topics.request(DCU, "thing.get"), new byte[0], qos, false, "fums/v1/console/c/res",
                null, Topics.JSON, List.of(), acks::incrementAndGet);
    }
}
