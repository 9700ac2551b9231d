package io.fums.emulator.console;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.cloud.mqtt.client.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Watches one campaign of one DCU until it stops: subscribes (shared
 * subscriptions {@code $share/<group>/fums/v1/<dcu>/evt/<kind>}) to the
 * {@code campaign}, {@code meter-result} and {@code alarm} events, drops
 * duplicates by event id, follows the campaign's progress, polls
 * {@code campaign.status} now and then (events may be missed while the
 * console was away), and ends when the campaign is COMPLETED, CANCELLED or
 * PAUSED with its final status and every meter result received.
 *
 * <p>For tests and tools:
 * <pre>{@code
 * try (CampaignWatcher w = CampaignWatcher.watch(client, "DCU-1", "fw-2").start()) {
 *     // start the campaign ...
 *     CampaignWatcher.Outcome o = w.await(Duration.ofMinutes(10));
 *     o.meterResults(); // every distinct meter-result event, with its id
 * }
 * }</pre>
 *
 * <p>Events arrive on the MQTT client's thread: a {@link Listener} must be
 * quick and must not send requests itself. Thread-safe.
 */
public final class CampaignWatcher implements AutoCloseable {

    /** Event kind of campaign progress. */
    public static final String PROGRESS_KIND = "campaign";
    /** Event kind of a meter's final result. */
    public static final String RESULT_KIND = "meter-result";
    /** Event kind of alarms. */
    public static final String ALARM_KIND = "alarm";
    /** Campaign states at which watching ends. */
    public static final Set<String> END_STATES = Set.of("COMPLETED", "CANCELLED", "PAUSED");
    /** Meter states that end a meter's part in a campaign (each reported by one meter-result event). */
    public static final Set<String> FINAL_METER_STATES = Set.of("SUCCEEDED", "REVERTED", "CANCELLED");

    /**
     * An event as received.
     *
     * @param id    its unique id
     * @param kind  {@code campaign}, {@code meter-result} or {@code alarm}
     * @param dcuId the DCU
     * @param time  when the fact happened (the DCU's clock)
     * @param data  the kind's data
     */
    public record Event(String id, String kind, String dcuId, Instant time, JsonObject data) {

        /** A text member of the data, or null. */
        public String text(String field) {
            return DcusCommand.text(data, field);
        }

        /** Parses an event payload; null if it is not an event. */
        static Event parse(String topic, byte[] payload) {
            try {
                JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
                String id = DcusCommand.text(o, "id");
                if (id == null) {
                    return null;
                }
                String kind = DcusCommand.text(o, "kind");
                if (kind == null) {
                    kind = topic.substring(topic.lastIndexOf('/') + 1);
                }
                String time = DcusCommand.text(o, "time");
                JsonObject data = o.has("data") && o.get("data").isJsonObject() ? o.getAsJsonObject("data") : new JsonObject();
                return new Event(id, kind, DcusCommand.text(o, "dcuId"), time == null ? null : Instant.parse(time), data);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Hears the watch as it goes. Called on the MQTT client's thread or the awaiting thread; keep it quick. */
    public interface Listener {
        /**
         * The campaign's progress changed.
         *
         * @param summary {@code {campaign, state, firmware, done, total, counts, reason, activation}} (activation:
         *                from a status only)
         */
        default void progress(JsonObject summary) {
        }

        /** A distinct meter-result event of the campaign. */
        default void meterResult(Event event) {
        }

        /** A distinct alarm of the campaign, or of one of its meters. */
        default void alarm(Event event) {
        }
    }

    /**
     * How the watch ended.
     *
     * @param campaignId   the campaign
     * @param state        its state: COMPLETED, CANCELLED or PAUSED
     * @param status       its final {@code campaign.status} data, with every meter's job
     * @param meterResults every distinct meter-result event received, in arrival order
     * @param alarms       every distinct alarm received, in arrival order
     * @param duplicates   events received again (same id) and dropped
     */
    public record Outcome(String campaignId, String state, JsonObject status, List<Event> meterResults, List<Event> alarms,
                          int duplicates) {

        /** True if the campaign completed. */
        public boolean completed() {
            return "COMPLETED".equals(state);
        }

        /** Every meter's job of the final status. */
        public List<JsonObject> meters() {
            return CampaignStatusJson.meters(status);
        }
    }

    /** What the watcher needs of the MQTT client (tests give their own). */
    interface Link {
        CompletableFuture<Response> request(String dcuId, String operation, String body);

        void subscribe(String filter, BiConsumer<String, byte[]> handler) throws ConsoleException;

        void unsubscribe(String filter);

        static Link of(ConsoleClient client) {
            Objects.requireNonNull(client, "client");
            return new Link() {
                @Override
                public CompletableFuture<Response> request(String dcuId, String operation, String body) {
                    return client.request(dcuId, operation, body, null);
                }

                @Override
                public void subscribe(String filter, BiConsumer<String, byte[]> handler) throws ConsoleException {
                    client.subscribe(filter, (topic, m) -> handler.accept(topic, m.getPayload()));
                }

                @Override
                public void unsubscribe(String filter) {
                    client.unsubscribe(filter);
                }
            };
        }
    }

    /** Sets up a watch. */
    public static final class Builder {
        private final Link client;
        private final String dcuId;
        private final String campaignId;
        private String group = "fums-console-watch-" + UUID.randomUUID().toString().substring(0, 8);
        private Listener listener = new Listener() {
        };
        private Duration pollInterval = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration resultGrace = Duration.ofSeconds(5);

        private Builder(Link client, String dcuId, String campaignId) {
            this.client = client;
            this.dcuId = Objects.requireNonNull(dcuId, "dcuId");
            this.campaignId = Objects.requireNonNull(campaignId, "campaignId");
        }

        /** The shared subscription group (default: a group of this watcher alone). */
        public Builder group(String value) {
            this.group = Objects.requireNonNull(value, "group");
            return this;
        }

        public Builder listener(Listener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** How often {@code campaign.status} is asked while no end is seen (default 10 s). */
        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        /** How long a request may take (default 30 s). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** How long to wait, once the campaign stopped, for meter results still on their way (default 5 s). */
        public Builder resultGrace(Duration value) {
            this.resultGrace = value;
            return this;
        }

        /**
         * Subscribes, then reads the campaign's status.
         *
         * @throws ConsoleException 1 if the DCU does not know the campaign (or refuses), 3 for the broker or a timeout
         */
        public CampaignWatcher start() throws ConsoleException, InterruptedException {
            CampaignWatcher w = new CampaignWatcher(this);
            try {
                w.subscribe();
                w.initial();
                return w;
            } catch (ConsoleException | InterruptedException | RuntimeException e) {
                w.close();
                throw e;
            }
        }
    }

    /**
     * Starts setting up a watch.
     *
     * @param client     a connected console client
     * @param dcuId      the DCU
     * @param campaignId the campaign
     */
    public static Builder watch(ConsoleClient client, String dcuId, String campaignId) {
        return new Builder(Link.of(client), dcuId, campaignId);
    }

    /** A watch over another link (tests). */
    static Builder watch(Link link, String dcuId, String campaignId) {
        return new Builder(link, dcuId, campaignId);
    }

    private final Link client;
    private final String dcuId;
    private final String campaignId;
    private final String group;
    private final Listener listener;
    private final Duration pollInterval;
    private final Duration requestTimeout;
    private final Duration resultGrace;
    private final List<String> filters = new ArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<Event> results = new CopyOnWriteArrayList<>();
    private final List<Event> alarms = new CopyOnWriteArrayList<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final Object signal = new Object();
    private volatile JsonObject summary;
    private volatile Set<String> targets = Set.of();
    private final AtomicLong progressEvents = new AtomicLong();
    private boolean startedAtEnd;

    private CampaignWatcher(Builder b) {
        this.client = b.client;
        this.dcuId = b.dcuId;
        this.campaignId = b.campaignId;
        this.group = b.group;
        this.listener = b.listener;
        this.pollInterval = b.pollInterval;
        this.requestTimeout = b.requestTimeout;
        this.resultGrace = b.resultGrace;
    }

    /** The shared subscription filters this watcher uses. */
    public List<String> filters() {
        return List.copyOf(filters);
    }

    private void subscribe() throws ConsoleException {
        for (String kind : List.of(PROGRESS_KIND, RESULT_KIND, ALARM_KIND)) {
            String filter = "$share/" + group + "/" + Topics.PREFIX + "/" + dcuId + "/evt/" + kind;
            client.subscribe(filter, this::accept);
            filters.add(filter);
        }
    }

    private void initial() throws ConsoleException, InterruptedException {
        long events = progressEvents.get();
        Response r = request("campaign.status", idBody());
        if (!r.ok()) {
            throw new ConsoleException(1, dcuId + ": " + r.status().toUpperCase() + " " + r.code() + ": " + r.message());
        }
        JsonObject s = r.dataObject();
        targets = CampaignStatusJson.meterIds(s);
        startedAtEnd = END_STATES.contains(DcusCommand.text(s, "state"));
        if (progressEvents.get() == events) {
            update(CampaignStatusJson.summaryOf(s));
        }
    }

    /** Takes one event payload (the MQTT client's thread). */
    void accept(String topic, byte[] payload) {
        Event e = Event.parse(topic, payload);
        if (e == null) {
            return;
        }
        if (!seen.add(e.id())) {
            duplicates.incrementAndGet();
            return;
        }
        String campaign = e.text("campaign");
        switch (e.kind()) {
            case PROGRESS_KIND -> {
                if (campaignId.equals(campaign)) {
                    progressEvents.incrementAndGet();
                    update(CampaignStatusJson.summaryOf(e.data()));
                }
            }
            case RESULT_KIND -> {
                if (campaignId.equals(campaign)) {
                    results.add(e);
                    listener.meterResult(e);
                    wake();
                }
            }
            case ALARM_KIND -> {
                if (campaignId.equals(campaign) || campaign == null && targets.contains(e.text("meterId"))) {
                    alarms.add(e);
                    listener.alarm(e);
                }
            }
            default -> {
                // another kind on a shared filter: not ours
            }
        }
    }

    private void update(JsonObject s) {
        summary = s;
        listener.progress(s);
        wake();
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Waits until the campaign is COMPLETED, CANCELLED or PAUSED, then reads
     * its final status and waits a little for the meter results still on their way.
     *
     * @param timeout the longest wait, or null for no limit
     * @throws ConsoleException 3 if the campaign has not stopped within the timeout
     */
    public Outcome await(Duration timeout) throws ConsoleException, InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long nextPoll = System.nanoTime() + pollInterval.toNanos();
        while (!END_STATES.contains(DcusCommand.text(summary, "state"))) {
            long now = System.nanoTime();
            if (now >= deadline) {
                throw new ConsoleException(3, "campaign " + campaignId + " on " + dcuId + " is still "
                        + DcusCommand.text(summary, "state") + " after " + timeout.toSeconds() + " s");
            }
            if (now >= nextPoll) {
                poll();
                nextPoll = System.nanoTime() + pollInterval.toNanos();
                continue;
            }
            long waitNanos = Math.min(nextPoll, deadline) - now;
            synchronized (signal) {
                if (!END_STATES.contains(DcusCommand.text(summary, "state"))) {
                    TimeUnit.NANOSECONDS.timedWait(signal, Math.max(1, waitNanos));
                }
            }
        }
        JsonObject status = finalStatus();
        awaitResults(status);
        return new Outcome(campaignId, DcusCommand.text(status, "state"), status, List.copyOf(results), List.copyOf(alarms),
                duplicates.get());
    }

    /** Asks for the status; applied unless a progress event arrived since the question was sent. */
    private void poll() throws InterruptedException {
        long events = progressEvents.get();
        try {
            Response r = request("campaign.status", idBody());
            if (r.ok() && progressEvents.get() == events) {
                targets = CampaignStatusJson.meterIds(r.dataObject());
                update(CampaignStatusJson.summaryOf(r.dataObject()));
            }
        } catch (ConsoleException e) {
            // the DCU is away; the events or the next poll will tell
        }
    }

    private JsonObject finalStatus() throws ConsoleException, InterruptedException {
        Response r = request("campaign.status", idBody());
        if (!r.ok()) {
            throw new ConsoleException(1, dcuId + ": " + r.status().toUpperCase() + " " + r.code() + ": " + r.message());
        }
        JsonObject s = r.dataObject();
        if (!END_STATES.contains(DcusCommand.text(s, "state"))) {
            // resumed or restarted since: report what the event said, with the meters as they are now
            s.addProperty("state", DcusCommand.text(summary, "state"));
        }
        targets = CampaignStatusJson.meterIds(s);
        return s;
    }

    /** Waits (at most the grace period) for a meter-result event of every meter that ended. */
    private void awaitResults(JsonObject status) throws InterruptedException {
        if (startedAtEnd) {
            return;
        }
        Set<String> expected = new HashSet<>();
        for (JsonObject m : CampaignStatusJson.meters(status)) {
            if (FINAL_METER_STATES.contains(DcusCommand.text(m, "state"))) {
                expected.add(DcusCommand.text(m, "meterId"));
            }
        }
        long deadline = System.nanoTime() + resultGrace.toNanos();
        synchronized (signal) {
            while (!received().containsAll(expected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    private Set<String> received() {
        Set<String> ids = new HashSet<>();
        for (Event e : results) {
            ids.add(e.text("meterId"));
        }
        return ids;
    }

    /**
     * How long each meter took in the campaign: from its first to its last
     * journalled transition ({@code campaign.history}, a few requests at a time).
     *
     * @param meterIds the meters
     * @param parallel requests in flight at most
     * @return meter id to duration, for the meters whose history could be read
     */
    public Map<String, Duration> durations(Collection<String> meterIds, int parallel) throws InterruptedException {
        return CampaignStatusJson.durations(client, dcuId, campaignId, meterIds, parallel, requestTimeout);
    }

    /** The latest summary {@code {campaign, state, firmware, done, total, counts, reason, activation}}. */
    public JsonObject summary() {
        return summary;
    }

    /** Every distinct meter-result event received so far, in arrival order. */
    public List<Event> meterResults() {
        return List.copyOf(results);
    }

    /** Every distinct alarm received so far, in arrival order. */
    public List<Event> alarms() {
        return List.copyOf(alarms);
    }

    /** Events received again and dropped. */
    public int duplicates() {
        return duplicates.get();
    }

    private Response request(String operation, String body) throws ConsoleException, InterruptedException {
        try {
            return client.request(dcuId, operation, body).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ConsoleException(3, dcuId + ": no response to " + operation + " within " + requestTimeout.toSeconds()
                    + " s (is the DCU online?)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ConsoleException c ? c : new ConsoleException(3, e.getCause().toString(), e.getCause());
        }
    }

    private String idBody() {
        JsonObject body = new JsonObject();
        body.addProperty("id", campaignId);
        return body.toString();
    }

    /** Unsubscribes. */
    @Override
    public void close() {
        for (String f : filters) {
            client.unsubscribe(f);
        }
        filters.clear();
    }
}
