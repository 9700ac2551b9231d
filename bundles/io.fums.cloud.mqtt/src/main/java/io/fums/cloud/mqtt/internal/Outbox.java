package io.fums.cloud.mqtt.internal;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudEvent;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.client.Json;
import io.fums.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable event outbox: events are committed to SQLite (group commit by
 * {@link OutboxWriter}) before they are published, published in order by
 * {@link OutboxSender}, and deleted only after the broker's PUBACK.
 */
public final class Outbox implements CloudPublisher, AutoCloseable {

    private final OutboxStore store;
    private final DeviceId dcu;
    private final Clock clock;
    private volatile long lastAckMillis = -1;
    private final OutboxWriter writer;
    private final OutboxSender sender;
    private final AtomicLong pending = new AtomicLong();

    /**
     * @param db          the DCU database
     * @param dcu         this DCU (topic and event field)
     * @param transport   the MQTT connection
     * @param maxInflight unacknowledged events at most
     * @param clock       the clock for commit times
     */
    public Outbox(Database db, DeviceId dcu, Transport transport, int maxInflight, Clock clock) {
        this.store = new OutboxStore(db);
        this.dcu = dcu;
        this.clock = clock;
        this.writer = new OutboxWriter(store, new OutboxWriter.Listener() {
            @Override
            public void inserted(int count) {
                pending.addAndGet(count);
                sender().signal();
            }

            @Override
            public void deleted(List<Long> seqs) {
                pending.addAndGet(-seqs.size());
                sender().forget(seqs);
            }
        }, "fums-outbox-writer");
        this.sender = new OutboxSender(store, transport, dcu, maxInflight, seq -> {
            lastAckMillis = this.clock.millis();
            writer.delete(seq);
        },
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), () -> ThreadLocalRandom.current().nextDouble()),
                "fums-outbox-sender");
    }

    private OutboxSender sender() {
        return sender;
    }

    /** Creates the table if needed, counts what is pending and starts the writer and sender threads. */
    public void start() throws FumsException {
        store.migrate();
        pending.set(store.count());
        writer.start();
        sender.start();
    }

    /** A new connection is up: resume sending from the oldest pending event. */
    public void connected() {
        sender.signal();
    }

    /** When the broker last acknowledged an event of this outbox since start, or empty if it has not. */
    public java.util.Optional<java.time.Instant> lastAck() {
        long at = lastAckMillis;
        return at < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Instant.ofEpochMilli(at));
    }

    /** Events committed and not yet acknowledged. */
    public long pending() {
        return pending.get();
    }

    @Override
    public String publish(CloudEvent event) throws FumsException {
        try {
            return publishAsync(event).toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FumsException f) {
                throw f;
            }
            throw new FumsException(ErrorCode.STORAGE_FAILED, "outbox commit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FumsException(ErrorCode.STORAGE_FAILED, "interrupted while committing an event", e);
        }
    }

    @Override
    public CompletionStage<String> publishAsync(CloudEvent event) {
        byte[] payload;
        try {
            payload = Json.bytes(envelope(event));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new FumsException(ErrorCode.INTERNAL,
                    "event " + event + " has data that is not a JSON value: " + e.getMessage(), e));
        }
        return writer.insert(new OutboxStore.NewEvent(event.id(), event.kind(), payload, clock.millis()));
    }

    /** The event's wire form: {@code {"id", "kind", "dcuId", "time", "data"}}. */
    JsonObject envelope(CloudEvent event) {
        JsonObject o = new JsonObject();
        o.addProperty("id", event.id());
        o.addProperty("kind", event.kind());
        o.addProperty("dcuId", dcu.value());
        o.addProperty("time", event.time().toString());
        o.add("data", Json.tree(event.data()));
        return o;
    }

    /** Stops sending, commits what producers already handed in, and stops the writer. */
    @Override
    public void close() {
        sender.close();
        writer.close();
    }
}
