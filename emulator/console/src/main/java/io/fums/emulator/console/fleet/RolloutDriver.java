package io.fums.emulator.console.fleet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.PackageServer;
import io.fums.emulator.console.Response;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.Rollout;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives one rollout from its store until it is complete or cancelled, or paused with no DCU left in work: follows
 * the DCUs' retained states (online or not), asks {@link RolloutPlanner} for each step, starts DCUs (meter firmware:
 * {@code firmware.stage}, {@code campaign.create}, {@code campaign.start} of campaign {@code fleet-<rollout>}; DCU
 * software: {@code software.apply}; every one signed with the operator key), polls the campaigns in work
 * ({@code campaign.status}) and takes its share of the events ({@link FleetEvents}).
 *
 * <p>Restartable: a DCU the store has in work is first asked for its campaign ({@code campaign.status}): a campaign
 * already there is followed, not created again; a CREATED one is started. A software DCU whose retained state
 * already shows the package's feature version is done. So a console killed at any point and started again starts
 * nothing twice.
 */
public final class RolloutDriver implements AutoCloseable {

    /** How the driver runs. */
    public record Settings(String worker, String group, Duration poll, Duration requestTimeout, Duration applyTimeout,
                           Duration ttl, String bindHost, int httpPort, String advertiseHost) {
    }

    /** How long the retained states of the rollout's DCUs may take to come at most. */
    static final Duration STATES_WAIT = Duration.ofSeconds(5);

    private static final Set<DcuState> STARTABLE = EnumSet.of(DcuState.PENDING, DcuState.WAITING);

    private final ConsoleClient client;
    private final OperatorKey key;
    private final FleetStore store;
    private final Clock clock;
    private final Settings settings;
    private final PrintWriter out;
    private final Map<String, JsonObject> states = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastPoll = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final String stateFilter = Topics.PREFIX + "/+/state";
    private FleetEvents events;
    private PackageServer http;
    private RolloutSpec spec;

    public RolloutDriver(ConsoleClient client, OperatorKey key, FleetStore store, Clock clock, Settings settings,
                         PrintWriter out) {
        this.client = client;
        this.key = key;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.out = out;
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fums-fleet-driver");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Drives rollout {@code id} (RUNNING) until it ends or pauses with nothing in work.
     *
     * @return its state at the end: COMPLETED, CANCELLED or PAUSED
     */
    public String drive(String id) throws ConsoleException, FumsException, InterruptedException {
        Rollout r = store.rollout(id).orElseThrow(() -> new ConsoleException(2, "no rollout " + id));
        spec = r.spec();
        client.subscribe(stateFilter, (topic, m) -> {
            try {
                states.put(topic.split("/")[2],
                        JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject());
            } catch (RuntimeException e) {
                // a state that is not JSON: the DCU stays unknown
            }
        });
        events = FleetEvents.start(client, store, settings.worker(), settings.group());
        // the retained states come in one burst after the subscription: a DCU whose state has not come yet is not
        // taken for offline (it would wait for its return); a few seconds at most, for DCUs that have none
        long settle = System.nanoTime() + STATES_WAIT.toNanos();
        List<String> ids = store.dcus(id).stream().map(RolloutDcu::dcuId).toList();
        while (!states.keySet().containsAll(ids) && System.nanoTime() - settle < 0) {
            Thread.sleep(50);
        }
        try {
            http = new PackageServer(Path.of(spec.packageFile()).getParent(), settings.bindHost(), settings.httpPort(),
                    settings.advertiseHost());
        } catch (java.io.IOException e) {
            throw new ConsoleException(3, "cannot serve " + spec.packageFile() + ": " + e.getMessage(), e);
        }
        if (spec.firmware()) {
            // the final jobs of campaigns that stopped while no console took the events (a DCU excluded, its
            // campaign cancelled; a DCU failed before a restart): read once, recorded once each
            for (RolloutDcu d : store.dcus(id)) {
                if (d.state() == DcuState.EXCLUDED || d.state() == DcuState.FAILED || d.state() == DcuState.CANCELLED) {
                    submit(d.dcuId(), () -> recordOnce(id, d.dcuId()));
                }
            }
        }
        long printed = 0;
        Map<String, Long> polled = lastPoll;
        while (true) {
            r = store.rollout(id).orElseThrow();
            List<RolloutDcu> dcus = store.dcus(id);
            printed = print(id, printed);
            if (r.state().equals(FleetStore.COMPLETED) || r.state().equals(FleetStore.CANCELLED)) {
                awaitBusy();
                print(id, printed);
                return r.state();
            }
            if (r.state().equals(FleetStore.RUNNING)) {
                RolloutPlanner.Step step = RolloutPlanner.plan(spec, dcus, store.counts(id), this::online, clock.instant());
                for (String d : step.expire()) {
                    store.dcuTransition(id, d, EnumSet.of(DcuState.WAITING), DcuState.FAILED, "DCU_OFFLINE",
                            "offline past the deadline of " + spec.offlineDeadlineSeconds() + " s", null, null);
                }
                for (String d : step.waitFor()) {
                    store.dcuTransition(id, d, EnumSet.of(DcuState.PENDING), DcuState.WAITING, null,
                            "offline when its wave started; started when it comes back", null, step.waitUntil());
                }
                if (step.pause() != null) {
                    store.transition(id, Set.of(FleetStore.RUNNING), FleetStore.PAUSED, step.pause());
                } else if (step.complete()) {
                    store.transition(id, Set.of(FleetStore.RUNNING), FleetStore.COMPLETED, null);
                    continue;
                }
                for (String d : step.start()) {
                    if (store.dcuTransition(id, d, STARTABLE, DcuState.STARTING, null, "starting", null, null)) {
                        submit(d, () -> startDcu(id, d));
                    }
                }
            }
            boolean inWork = false;
            long now = System.nanoTime();
            for (RolloutDcu d : dcus) {
                if (!d.state().inWork()) {
                    continue;
                }
                inWork = true;
                Long last = polled.get(d.dcuId());
                if (last == null || now - last >= settings.poll().toNanos()) {
                    polled.put(d.dcuId(), now);
                    submit(d.dcuId(), d.state() == DcuState.STARTING || last == null
                            ? () -> startDcu(id, d.dcuId()) : () -> poll(id, d.dcuId()));
                }
            }
            if (r.state().equals(FleetStore.PAUSED) && !inWork && busy.isEmpty()) {
                print(id, printed);
                return r.state();
            }
            String[] notice;
            while ((notice = events.nextCampaignNotice()) != null) {
                if (notice[1].equals(id)) {
                    polled.remove(notice[0]);
                }
            }
            Thread.sleep(250);
        }
    }

    private void submit(String dcu, Runnable task) {
        if (busy.add(dcu)) {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    busy.remove(dcu);
                }
            });
        }
    }

    private void awaitBusy() throws InterruptedException {
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private boolean online(String dcu) {
        JsonObject s = states.get(dcu);
        return s != null && s.has("online") && s.get("online").getAsBoolean();
    }

    /** Starts (or, after a restart, finds) the DCU's part. Runs on the pool; every outcome goes to the store. */
    private void startDcu(String id, String dcu) {
        try {
            if (spec.firmware()) {
                startCampaign(id, dcu);
            } else {
                applySoftware(id, dcu);
            }
        } catch (FumsException e) {
            System.err.println("fums-console: fleet store: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startCampaign(String id, String dcu) throws FumsException, InterruptedException {
        String campaign = RolloutSpec.campaignId(id);
        JsonObject byId = new JsonObject();
        byId.addProperty("id", campaign);
        Response status = send(dcu, "campaign.status", byId.toString(), false, settings.requestTimeout());
        if (unreachable(id, dcu, status)) {
            return;
        }
        if (status.ok()) {
            JsonObject d = status.dataObject();
            if ("CREATED".equals(text(d, "state"))) {
                Response started = send(dcu, "campaign.start", byId.toString(), true, settings.requestTimeout());
                if (!failed(id, dcu, started)) {
                    running(id, dcu, started.dataObject(), "campaign started (it was created before)");
                }
                return;
            }
            running(id, dcu, d, "campaign " + text(d, "state") + " found on the DCU");
            followStatus(id, dcu, d);
            return;
        }
        if (!"CMD_CAMPAIGN_UNKNOWN".equals(status.code())) {
            failed(id, dcu, status);
            return;
        }
        JsonObject pkg = new JsonObject();
        Path file = Path.of(spec.packageFile());
        pkg.addProperty("url", http.url(file.getFileName().toString()));
        pkg.addProperty("sha256", spec.packageSha256());
        pkg.addProperty("size", spec.packageSize());
        Response staged = send(dcu, "firmware.stage", pkg.toString(), true, settings.applyTimeout());
        if (unreachable(id, dcu, staged) || failed(id, dcu, staged)) {
            return;
        }
        Response created = send(dcu, "campaign.create", spec.campaign().toString(), true, settings.requestTimeout());
        if (unreachable(id, dcu, created) || failed(id, dcu, created)) {
            return;
        }
        Response started = send(dcu, "campaign.start", byId.toString(), true, settings.requestTimeout());
        if (!unreachable(id, dcu, started) && !failed(id, dcu, started)) {
            running(id, dcu, started.dataObject(), "campaign started: " + started.dataObject().get("total") + " meters");
        }
    }

    private void running(String id, String dcu, JsonObject campaign, String message) throws FumsException {
        Integer total = campaign.has("total") ? campaign.get("total").getAsInt() : null;
        store.dcuTransition(id, dcu, EnumSet.of(DcuState.STARTING, DcuState.RUNNING), DcuState.RUNNING, null, message,
                total, null);
    }

    /** Polls a running campaign: records the final meter jobs (once each) and ends the DCU when it stops. */
    private void poll(String id, String dcu) {
        try {
            if (!spec.firmware()) {
                applySoftware(id, dcu);
                return;
            }
            JsonObject byId = new JsonObject();
            byId.addProperty("id", RolloutSpec.campaignId(id));
            Response status = send(dcu, "campaign.status", byId.toString(), false, settings.requestTimeout());
            if (status.ok()) {
                followStatus(id, dcu, status.dataObject());
            }
        } catch (FumsException e) {
            System.err.println("fums-console: fleet store: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void recordOnce(String id, String dcu) {
        try {
            JsonObject byId = new JsonObject();
            byId.addProperty("id", RolloutSpec.campaignId(id));
            Response status = send(dcu, "campaign.status", byId.toString(), false, settings.requestTimeout());
            if (status.ok()) {
                RolloutCommand.recordFinalJobs(store, id, dcu, status.dataObject(), settings.worker());
            }
        } catch (FumsException e) {
            System.err.println("fums-console: fleet store: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void followStatus(String id, String dcu, JsonObject d) throws FumsException {
        RolloutCommand.recordFinalJobs(store, id, dcu, d, settings.worker());
        int failed = 0;
        if (d.has("meters") && d.get("meters").isJsonArray()) {
            for (JsonElement e : d.getAsJsonArray("meters")) {
                failed += "REVERTED".equals(text(e.getAsJsonObject(), "state")) ? 1 : 0;
            }
        }
        String state = text(d, "state");
        Set<DcuState> from = EnumSet.of(DcuState.STARTING, DcuState.RUNNING);
        switch (state == null ? "" : state) {
            case "COMPLETED" -> store.dcuTransition(id, dcu, from, failed == 0 ? DcuState.SUCCEEDED : DcuState.PARTIAL,
                    null, "campaign completed: " + text(d, "counts"), null, null);
            case "PAUSED" -> store.dcuTransition(id, dcu, from, DcuState.FAILED, "CAMPAIGN_PAUSED",
                    "the DCU paused its campaign: " + text(d, "reason"), null, null);
            case "CANCELLED" -> store.dcuTransition(id, dcu, from, DcuState.FAILED, "CAMPAIGN_CANCELLED",
                    "the campaign was cancelled on the DCU: " + text(d, "reason"), null, null);
            default -> {
                // still running
            }
        }
    }

    private void applySoftware(String id, String dcu) throws FumsException, InterruptedException {
        JsonObject s = states.get(dcu);
        if (s != null && FleetDcu.parse(dcu, s).features().entrySet().stream()
                .anyMatch(f -> f.getKey().equals(spec.name()) && spec.version().equals(f.getValue()))) {
            store.dcuTransition(id, dcu, EnumSet.of(DcuState.STARTING, DcuState.RUNNING), DcuState.SUCCEEDED, null,
                    spec.name() + " " + spec.version() + " is in its committed software set", null, null);
            return;
        }
        if (!store.dcuTransition(id, dcu, EnumSet.of(DcuState.STARTING, DcuState.RUNNING), DcuState.RUNNING, null,
                "software.apply sent", 0, null)) {
            return;
        }
        JsonObject body = new JsonObject();
        Path file = Path.of(spec.packageFile());
        body.addProperty("url", http.url(file.getFileName().toString()));
        body.addProperty("sha256", spec.packageSha256());
        body.addProperty("size", spec.packageSize());
        Response r = send(dcu, "software.apply", body.toString(), true, settings.applyTimeout());
        if (unreachable(id, dcu, r) || failed(id, dcu, r)) {
            return;
        }
        store.dcuTransition(id, dcu, EnumSet.of(DcuState.RUNNING), DcuState.SUCCEEDED, null,
                text(r.dataObject(), "outcome") + " " + text(r.dataObject(), "feature") + " "
                        + text(r.dataObject(), "toVersion"), null, null);
    }

    /** A DCU that did not answer: waits for it again (its wave's deadline from now). */
    private boolean unreachable(String id, String dcu, Response r) throws FumsException {
        if (!"TIMEOUT".equals(r.code())) {
            return false;
        }
        store.dcuTransition(id, dcu, EnumSet.of(DcuState.STARTING, DcuState.RUNNING), DcuState.WAITING, "TIMEOUT",
                "no answer: " + r.message(), null, clock.instant().plusSeconds(spec.offlineDeadlineSeconds()));
        return true;
    }

    private boolean failed(String id, String dcu, Response r) throws FumsException {
        if (r.ok()) {
            return false;
        }
        store.dcuTransition(id, dcu, EnumSet.of(DcuState.STARTING, DcuState.RUNNING), DcuState.FAILED, r.code(),
                r.message(), null, null);
        return true;
    }

    private Response send(String dcu, String operation, String body, boolean signed, Duration timeout)
            throws InterruptedException {
        String envelope = signed ? key.sign(operation, dcu, body, settings.ttl()) : null;
        try {
            return client.request(dcu, operation, body, envelope).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Response(dcu, "failed", "TIMEOUT", operation + ": no response within " + timeout.toSeconds()
                    + " s", null);
        } catch (ExecutionException e) {
            return new Response(dcu, "failed", "NOT_SENT", operation + ": " + e.getCause().getMessage(), null);
        }
    }

    /** Prints the rollout's trail entries after {@code after}; returns the last one printed. */
    private long print(String id, long after) throws FumsException {
        long last = after;
        for (FleetStore.LogEntry e : store.log(id, after)) {
            out.println(e.at() + "  " + (e.dcuId() == null ? "rollout " + id : e.dcuId()) + "  " + e.message());
            last = e.seq();
        }
        out.flush();
        return last;
    }

    static String text(JsonObject o, String name) {
        return FleetEvents.text(o, name);
    }

    /** The DCUs' retained states seen so far (for tests and tools). */
    public Map<String, JsonObject> states() {
        return new HashMap<>(states);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (events != null) {
            events.close();
        }
        client.unsubscribe(stateFilter);
        if (http != null) {
            http.close();
        }
    }
}
