package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.client.Json;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("CARD-2")
class OutboxTest {

    private static final DeviceId DCU = DeviceId.of("DCU-9");

    @TempDir
    Path dir;

    private ClosableDatabase db;
    private final FakeTransport transport = new FakeTransport();
    private Outbox outbox;

    @BeforeEach
    void open() throws FumsException {
        db = Stores.openDatabase(dir);
        outbox = new Outbox(db, DCU, transport, 4, Clock.systemUTC());
        outbox.start();
    }

    @AfterEach
    void close() {
        outbox.close();
        db.close();
    }

    @Test
    void eventIsDurableBeforePublishReturnsAndWaitsForTheBroker() throws Exception {
        String id = outbox.publish(event("alarm", "e-1", 1));
        assertThat(id).isEqualTo("e-1");
        assertThat(new OutboxStore(db).count()).isEqualTo(1);
        assertThat(outbox.pending()).isEqualTo(1);
        Conditions.await("nothing sent while disconnected").during(Duration.ofMillis(200))
                .until(() -> transport.sent().isEmpty());
    }

    @Test
    void wireFormatTopicAndEventIdProperty() throws Exception {
        transport.connect();
        outbox.publish(event("meter.result", "e-42", 7));
        Conditions.await().until(() -> transport.sent().size() == 1);
        Outgoing o = transport.sent().get(0);
        assertThat(o.topic()).isEqualTo("fums/v1/DCU-9/evt/meter.result");
        assertThat(o.qos()).isEqualTo(1);
        assertThat(o.retained()).isFalse();
        assertThat(o.userProperties()).containsExactly(java.util.Map.entry("fums-event-id", "e-42"));
        var json = Json.parseObject(o.payload(), ErrorCode.INTERNAL, "event");
        assertThat(json.get("id").getAsString()).isEqualTo("e-42");
        assertThat(json.get("kind").getAsString()).isEqualTo("meter.result");
        assertThat(json.get("dcuId").getAsString()).isEqualTo("DCU-9");
        assertThat(json.get("time").getAsString()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(json.getAsJsonObject("data").get("n").getAsInt()).isEqualTo(7);
    }

    @Test
    void deliveredInOrderAndDeletedOnlyAfterPuback() throws Exception {
        for (int i = 0; i < 20; i++) {
            outbox.publish(event("progress", "e-" + i, i));
        }
        transport.connect();
        for (int k = 0; k < 20; k++) {
            int left = 20 - k;
            Conditions.await().until(() -> transport.unacked() > 0 && outbox.pending() == left);
            assertThat(transport.unacked()).isLessThanOrEqualTo(4);
            assertThat(new OutboxStore(db).count()).isEqualTo(left);
            transport.ackOldest();
        }
        Conditions.await().until(() -> outbox.pending() == 0);
        assertThat(new OutboxStore(db).count()).isZero();
        assertThat(transport.sent().stream().map(OutboxTest::eventId).toList()).containsExactlyElementsOf(ids(0, 20));
        assertThat(transport.maxInFlightSeen()).isEqualTo(4);
    }

    @Test
    void windowIsCappedByTheBrokerReceiveMaximum() throws Exception {
        transport.receiveMaximum(4);
        for (int i = 0; i < 10; i++) {
            outbox.publish(event("progress", "e-" + i, i));
        }
        transport.connect();
        Conditions.await().until(() -> transport.unacked() == 2);
        Conditions.await("the window stays at 2").during(Duration.ofMillis(200))
                .until(() -> transport.unacked() == 2);
    }

    @Test
    void windowKeepsRoomForResponses() {
        assertThat(OutboxSender.windowSize(32, 10)).isEqualTo(8);
        assertThat(OutboxSender.windowSize(32, 65535)).isEqualTo(32);
        assertThat(OutboxSender.windowSize(4, 10)).isEqualTo(4);
        assertThat(OutboxSender.windowSize(32, 2)).isEqualTo(1);
        assertThat(OutboxSender.windowSize(32, 1)).isEqualTo(1);
    }

    @Test
    void reconnectResendsEverythingUnacknowledgedInOrderWithTheSameIds() throws Exception {
        for (int i = 0; i < 6; i++) {
            outbox.publish(event("progress", "e-" + i, i));
        }
        transport.connect();
        Conditions.await().until(() -> transport.unacked() == 4);
        transport.ackOldest();
        transport.ackOldest();
        Conditions.await().until(() -> outbox.pending() == 4);
        transport.disconnect();
        transport.clearSent();
        transport.connect();
        transport.autoAck(true);
        Conditions.await().until(() -> outbox.pending() == 0);
        assertThat(transport.sent().stream().map(OutboxTest::eventId).toList()).containsExactlyElementsOf(ids(2, 6));
    }

    @Test
    void negativePubackIsRetriedAndNothingIsLost() throws Exception {
        for (int i = 0; i < 3; i++) {
            outbox.publish(event("alarm", "e-" + i, i));
        }
        transport.connect();
        Conditions.await().until(() -> transport.unacked() == 3);
        transport.nackOldest();
        transport.autoAck(true);
        transport.ackOldest();
        transport.ackOldest();
        Conditions.await(Duration.ofSeconds(10)).until(() -> outbox.pending() == 0);
        Set<String> seen = new HashSet<>();
        transport.sent().forEach(o -> seen.add(eventId(o)));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids(0, 3));
    }

    @Test
    void restartKeepsPendingEventsAndResendsThem() throws Exception {
        for (int i = 0; i < 5; i++) {
            outbox.publish(event("progress", "e-" + i, i));
        }
        transport.connect();
        Conditions.await().until(() -> transport.unacked() == 4);
        transport.ackOldest();
        Conditions.await().until(() -> outbox.pending() == 4);
        outbox.close();
        db.close();

        FakeTransport after = new FakeTransport();
        db = Stores.openDatabase(dir);
        outbox = new Outbox(db, DCU, after, 4, Clock.systemUTC());
        outbox.start();
        assertThat(outbox.pending()).isEqualTo(4);
        outbox.publish(event("progress", "e-5", 5));
        after.connect();
        after.autoAck(true);
        after.ackOldest();
        Conditions.await().until(() -> outbox.pending() == 0);
        assertThat(after.sent().stream().map(OutboxTest::eventId).toList()).containsExactlyElementsOf(ids(1, 6));
    }

    @Test
    void aPendingIdIsNotStoredTwice() throws Exception {
        outbox.publish(event("alarm", "same", 1));
        outbox.publish(event("alarm", "same", 2));
        assertThat(new OutboxStore(db).count()).isEqualTo(1);
        assertThat(outbox.pending()).isEqualTo(1);
    }

    @Test
    void concurrentProducersShareCommits() throws Exception {
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            all.add(outbox.publishAsync(event("progress", "e-" + i, i)).toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get();
        assertThat(new OutboxStore(db).count()).isEqualTo(2000);
        transport.connect();
        transport.autoAck(true);
        transport.ackOldest();
        Conditions.await(Duration.ofSeconds(20)).until(() -> outbox.pending() == 0);
        assertThat(transport.sent().stream().map(OutboxTest::eventId).toList()).containsExactlyElementsOf(ids(0, 2000));
    }

    @Test
    void dataThatIsNotJsonFailsTheCall() {
        CloudEvent bad = CloudEvent.builder("alarm").data("thread", Thread.currentThread()).build();
        assertThat(outbox.publishAsync(bad).toCompletableFuture()).isCompletedExceptionally();
    }

    static CloudEvent event(String kind, String id, int n) {
        return CloudEvent.builder(kind).id(id).time(java.time.Instant.parse("2026-03-01T12:00:00Z")).data("n", n).build();
    }

    static String eventId(Outgoing o) {
        return o.userProperties().get(0).getValue();
    }

    static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("e-" + i);
        }
        return out;
    }
}
