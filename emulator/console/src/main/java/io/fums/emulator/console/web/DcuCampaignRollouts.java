package io.fums.emulator.console.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rollouts of today's console: the meter-firmware campaigns on the DCUs, a campaign id being one rollout (one
 * wave, {@code all}, of every DCU that has a campaign of that id). Learnt from each online DCU's
 * {@code campaign.status} ({@link #refresh}, at start and every poll interval) and kept live by the DCUs'
 * {@code campaign} events (shared subscription of this console's group, deduplicated by event id). A command goes,
 * signed, to every DCU of the rollout as {@code campaign.<action>}.
 *
 * <p>Bounded: at most {@link #MAX_ROLLOUTS} rollouts (the least recently changed are forgotten). Thread-safe.
 */
public final class DcuCampaignRollouts implements RolloutSource, AutoCloseable {

    static final int MAX_ROLLOUTS = 1_000;
    /** The per-meter states in the state machine's order (docs/mqtt-api.md 7.16); others follow in arrival order. */
    static final List<String> STATE_ORDER = List.of("PENDING", "INITIATED", "TRANSFERRING", "TRANSFERRED", "VERIFYING",
            "VERIFIED", "ACTIVATION_SCHEDULED", "ACTIVATING", "SELF_TEST", "SUCCEEDED", "FAILED", "REVERTED", "CANCELLED");
    private static final java.util.regex.Pattern CAMPAIGN_ID = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private record Part(RolloutSource.DcuPart part, String firmware, Instant updatedAt) {
    }

    private final ConsoleLink link;
    private final Supplier<List<String>> onlineDcus;
    private final Duration timeout;
    private final String progressFilter;
    private final String resultFilter;
    private final EventSink sink;
    /** campaign id -> DCU -> part */
    private final Map<String, Map<String, Part>> parts = new ConcurrentHashMap<>();
    private final List<Consumer<Rollout>> listeners = new CopyOnWriteArrayList<>();
    private final DcuEvent.RecentIds seen = new DcuEvent.RecentIds(50_000);

    /**
     * @param link       the console's link
     * @param group      this console's shared subscription group
     * @param onlineDcus the DCUs to ask at each refresh
     * @param timeout    how long a DCU may take to answer
     * @param sink       where meter results go (the pages show them live)
     */
    DcuCampaignRollouts(ConsoleLink link, String group, Supplier<List<String>> onlineDcus, Duration timeout,
                        EventSink sink) {
        this.link = link;
        this.onlineDcus = onlineDcus;
        this.timeout = timeout;
        this.progressFilter = "$share/" + group + "/fums/v1/+/evt/campaign";
        this.resultFilter = "$share/" + group + "/fums/v1/+/evt/meter-result";
        this.sink = sink;
    }

    /** Subscribes to the campaign and meter-result events. */
    DcuCampaignRollouts start() throws ConsoleException {
        link.subscribe(progressFilter, (topic, payload, check) -> progress(topic, payload));
        link.subscribe(resultFilter, (topic, payload, check) -> result(topic, payload));
        return this;
    }

    @Override
    public String name() {
        return "dcu-campaigns";
    }

    @Override
    public List<Rollout> rollouts() {
        List<Rollout> out = new ArrayList<>();
        for (String id : parts.keySet()) {
            rollout(id).ifPresent(out::add);
        }
        out.sort(Comparator.comparing((Rollout r) -> r.updatedAt() == null ? Instant.EPOCH : r.updatedAt()).reversed()
                .thenComparing(Rollout::id));
        return out;
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        Map<String, Part> p = parts.get(id);
        if (p == null || p.isEmpty()) {
            return Optional.empty();
        }
        List<Part> sorted = new ArrayList<>(new TreeMap<>(p).values());
        List<DcuPart> dcus = sorted.stream().map(Part::part).toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATE_ORDER.forEach(s -> counts.put(s, 0));
        int done = 0;
        int total = 0;
        String reason = null;
        String firmware = null;
        Instant updated = null;
        for (Part x : sorted) {
            x.part().counts().forEach((s, n) -> counts.merge(s, n, Integer::sum));
            done += x.part().done();
            total += x.part().total();
            if (reason == null && x.part().reason() != null) {
                reason = x.part().dcuId() + ": " + x.part().reason();
            }
            firmware = firmware == null ? x.firmware() : firmware;
            if (x.updatedAt() != null && (updated == null || x.updatedAt().isAfter(updated))) {
                updated = x.updatedAt();
            }
        }
        counts.values().removeIf(n -> n == 0);
        String state = state(dcus);
        List<String> ids = dcus.stream().map(DcuPart::dcuId).toList();
        return Optional.of(new Rollout(id, "meter-firmware", state, firmware, done, total, counts, reason,
                List.of(new Wave("all", state, ids)), dcus, updated));
    }

    /** The rollout's state from its parts': any running, else any paused, else created, else all ended. */
    static String state(List<DcuPart> dcus) {
        List<String> states = dcus.stream().map(DcuPart::state).toList();
        for (String s : List.of("RUNNING", "PAUSED", "CREATED")) {
            if (states.contains(s)) {
                return s;
            }
        }
        return states.contains("COMPLETED") ? "COMPLETED" : states.isEmpty() ? "CREATED" : states.get(0);
    }

    @Override
    public Map<String, Integer> failures(String id) throws InterruptedException {
        Map<String, Integer> out = new TreeMap<>();
        Map<String, Part> p = parts.get(id);
        if (p == null) {
            return out;
        }
        Map<String, CompletableFuture<Response>> asked = new LinkedHashMap<>();
        for (String dcu : p.keySet()) {
            asked.put(dcu, link.request(dcu, "campaign.status", idBody(id)));
        }
        for (CompletableFuture<Response> f : asked.values()) {
            Response r = await(f);
            if (r == null || !r.ok() || !r.dataObject().has("meters") || !r.dataObject().get("meters").isJsonArray()) {
                continue;
            }
            for (JsonElement m : r.dataObject().getAsJsonArray("meters")) {
                String code = m.isJsonObject() ? DcuEvent.text(m.getAsJsonObject(), "errorCode") : null;
                if (code != null) {
                    out.merge(code, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    @Override
    public List<PartOutcome> control(String id, Action action, String dcuId)
            throws ConsoleException, InterruptedException {
        Map<String, Part> p = parts.get(id);
        if (p == null || action == Action.EXCLUDE && !p.containsKey(dcuId)) {
            return List.of();
        }
        // a plain campaign has no fleet rollout to take a DCU out of: excluding a DCU cancels its campaign alone
        String operation = "campaign." + (action == Action.EXCLUDE ? Action.CANCEL : action).wire();
        Map<String, CompletableFuture<Response>> sent = new LinkedHashMap<>();
        for (String dcu : action == Action.EXCLUDE ? List.of(dcuId) : new TreeMap<>(p).keySet()) {
            sent.put(dcu, link.signedRequest(dcu, operation, idBody(id)));
        }
        List<PartOutcome> out = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Response>> e : sent.entrySet()) {
            Response r = await(e.getValue());
            out.add(r == null ? new PartOutcome(e.getKey(), "failed", "TIMEOUT", "no response within "
                    + timeout.toSeconds() + " s (is the DCU online?)")
                    : new PartOutcome(e.getKey(), r.status(), r.code(), r.message()));
            if (r != null && r.ok() && r.dataObject().has("state")) {
                update(e.getKey(), r.dataObject(), id);
            }
        }
        return out;
    }

    @Override
    public void onChange(Consumer<Rollout> listener) {
        listeners.add(listener);
    }

    /** Asks every online DCU for its campaigns (in parallel) and takes their summaries. */
    void refresh() throws InterruptedException {
        Map<String, CompletableFuture<Response>> asked = new LinkedHashMap<>();
        for (String dcu : onlineDcus.get()) {
            asked.put(dcu, link.request(dcu, "campaign.status", "{}"));
        }
        for (Map.Entry<String, CompletableFuture<Response>> e : asked.entrySet()) {
            Response r = await(e.getValue());
            if (r == null || !r.ok() || !r.dataObject().has("campaigns") || !r.dataObject().get("campaigns").isJsonArray()) {
                continue;
            }
            for (JsonElement c : r.dataObject().getAsJsonArray("campaigns")) {
                if (c.isJsonObject()) {
                    update(e.getKey(), c.getAsJsonObject(), null);
                }
            }
        }
    }

    void progress(String topic, byte[] payload) {
        DcuEvent e = DcuEvent.parse(topic, payload);
        if (e != null && DeviceId.isValid(e.dcuId()) && seen.first(e.id())) {
            update(e.dcuId(), e.data(), null);
        }
    }

    void result(String topic, byte[] payload) {
        DcuEvent e = DcuEvent.parse(topic, payload);
        if (e == null || !DeviceId.isValid(e.dcuId()) || !seen.first(e.id())) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("dcuId", e.dcuId());
        o.addProperty("rollout", e.text("campaign"));
        for (String f : List.of("campaign", "meterId", "state", "errorCode", "message", "at")) {
            o.addProperty(f, e.text(f));
        }
        sink.publish("meter-result", o);
    }

    /** Takes a campaign summary (a status entry, a progress event's data or a control's answer) of one DCU. */
    private void update(String dcuId, JsonObject s, String knownId) {
        String id = knownId != null ? knownId : DcuEvent.text(s, "campaign") != null ? DcuEvent.text(s, "campaign")
                : DcuEvent.text(s, "id");
        String state = DcuEvent.text(s, "state");
        if (id == null || state == null || !CAMPAIGN_ID.matcher(id).matches()) {
            return;
        }
        if (!parts.containsKey(id) && parts.size() >= MAX_ROLLOUTS) {
            forgetOldest();
        }
        Instant updated = instant(DcuEvent.text(s, "updatedAt"));
        DcuPart part = new DcuPart(dcuId, id, state, DcuEvent.integer(s, "done", 0), DcuEvent.integer(s, "total", 0),
                DcuEvent.counts(s, "counts"), DcuEvent.text(s, "reason"));
        Map<String, Part> p = parts.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        Part before = p.get(dcuId);
        Part now = new Part(part, DcuEvent.text(s, "firmware"), updated != null ? updated
                : before != null ? before.updatedAt() : null);
        if (before != null && before.part().equals(part)) {
            return;
        }
        p.put(dcuId, now);
        rollout(id).ifPresent(r -> listeners.forEach(l -> l.accept(r)));
    }

    private void forgetOldest() {
        rollouts().stream().reduce((a, b) -> b).ifPresent(r -> parts.remove(r.id()));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Response await(CompletableFuture<Response> f) throws InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    private static String idBody(String id) {
        JsonObject b = new JsonObject();
        b.addProperty("id", id);
        return b.toString();
    }

    @Override
    public void close() {
        link.unsubscribe(progressFilter);
        link.unsubscribe(resultFilter);
    }
}
