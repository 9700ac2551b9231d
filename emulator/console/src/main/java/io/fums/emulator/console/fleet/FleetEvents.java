package io.fums.emulator.console.fleet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.ConsoleException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console worker's share of the fleet's campaign events: subscribes to
 * {@code $share/<group>/fums/v1/+/evt/meter-result} and {@code .../evt/campaign}, so that the workers of one group
 * (the driver of a rollout and any {@code fleet worker}) split the events between them, and records every meter
 * result of a fleet campaign ({@code fleet-<rollout>}) in the store, exactly once per (DCU, campaign, meter): a result
 * delivered again, to this worker or another, is a duplicate. Events arrive on the MQTT client's thread and are
 * written there (a quick insert); the broker's flow control bounds how many are in flight.
 */
public final class FleetEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetEvents.class);
    private static final int MAX_NOTICES = 10_000;

    private final ConsoleClient client;
    private final FleetStore store;
    private final String worker;
    private final String[] filters;
    private final BlockingQueue<String[]> campaignNotices = new LinkedBlockingQueue<>(MAX_NOTICES);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();

    private FleetEvents(ConsoleClient client, FleetStore store, String worker, String group) {
        this.client = client;
        this.store = store;
        this.worker = worker;
        String prefix = "$share/" + group + "/" + Topics.PREFIX + "/+/evt/";
        this.filters = new String[] {prefix + "meter-result", prefix + "campaign"};
    }

    /** Subscribes worker {@code worker} in shared-subscription group {@code group}. */
    public static FleetEvents start(ConsoleClient client, FleetStore store, String worker, String group)
            throws ConsoleException {
        if (!group.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConsoleException(2, "--group " + group + ": 1 to 64 of [A-Za-z0-9._-]");
        }
        FleetEvents e = new FleetEvents(client, store, worker, group);
        BiConsumer<String, org.eclipse.paho.mqttv5.common.MqttMessage> h = (topic, m) -> e.accept(topic, m.getPayload());
        for (String f : e.filters) {
            client.subscribe(f, h);
        }
        return e;
    }

    /** Campaign events of fleet campaigns seen by this worker: {dcu, rollout, state}; the driver polls those DCUs. */
    public String[] nextCampaignNotice() {
        return campaignNotices.poll();
    }

    /** Events this worker received. */
    public long received() {
        return received.get();
    }

    /** New results this worker recorded. */
    public long recorded() {
        return recorded.get();
    }

    void accept(String topic, byte[] payload) {
        received.incrementAndGet();
        String[] levels = topic.split("/");
        if (levels.length != 5) {
            return;
        }
        String dcu = levels[2];
        try {
            JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject data = o.has("data") && o.get("data").isJsonObject() ? o.getAsJsonObject("data") : new JsonObject();
            String campaign = text(data, "campaign");
            String rollout = RolloutSpec.rolloutOf(campaign);
            if (rollout != null && "meter-result".equals(levels[4]) && text(data, "meterId") != null
                    && text(data, "state") != null) {
                boolean fresh = store.recordResult(new FleetStore.MeterResult(rollout, dcu, campaign,
                        text(data, "meterId"), text(data, "state"), text(data, "errorCode"), text(data, "message"),
                        text(data, "at"), text(o, "id"), "event", worker, null));
                if (fresh) {
                    recorded.incrementAndGet();
                }
                return;
            }
            store.countEvent(worker);
            if (rollout != null && "campaign".equals(levels[4])) {
                campaignNotices.offer(new String[] {dcu, rollout, text(data, "state")});
            }
        } catch (FumsException e) {
            LOG.warn("event on {} not recorded: {}", topic, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("event on {} is not an event: {}", topic, e.toString());
        }
    }

    static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    @Override
    public void close() {
        if (!client.isConnected()) {
            return; // the subscriptions went with the connection
        }
        for (String f : filters) {
            client.unsubscribe(f);
        }
    }
}
