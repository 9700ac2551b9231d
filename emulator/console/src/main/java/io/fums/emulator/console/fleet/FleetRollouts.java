package io.fums.emulator.console.fleet;

import com.google.gson.JsonObject;
import io.fums.api.error.FumsException;
import io.fums.emulator.console.ConnectionOptions;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.Response;
import io.fums.emulator.console.fleet.FleetStore.Counts;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import io.fums.emulator.console.web.ConsoleLink;
import io.fums.emulator.console.web.RolloutSource;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The fleet rollouts of the console's store ({@link FleetStore}) as the web console shows and drives them: waves
 * from each DCU's {@link RolloutDcu#wave}, each DCU's part with its meters per final state from the stored results
 * (the meters not yet final are {@code PENDING}), failures by error code from the stored results.
 *
 * <p>The commands do what {@code fums-console fleet rollout ...} does: start and resume move the rollout to RUNNING
 * and drive it in this process ({@link Driver}: a {@link RolloutDriver} on its own broker connection, signing with
 * the operator's key) until it ends or pauses; pause moves it to PAUSED (the driver stops once the DCUs in work are
 * done); cancel and exclude send a signed {@code campaign.cancel} to the DCUs in work (excluded: the one DCU), as the
 * CLI does. A rollout driven by another console process is shown live from the shared store all the same.
 *
 * <p>Changes are found by reading the store every poll interval ({@link #start}); thread-safe.
 */
public final class FleetRollouts implements RolloutSource, AutoCloseable {

    /** Drives a RUNNING rollout until it ends or pauses (as {@code fleet rollout start}); returns its final state. */
    @FunctionalInterface
    public interface Driver {
        String drive(String rolloutId) throws Exception;
    }

    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The driver of {@code fums-console serve}: each drive is a {@link RolloutDriver} (as {@code fleet rollout start}
     * runs it, every request signed with {@code key}) on a broker connection of its own ({@link
     * ConnectionOptions#another}: the web console's subscriptions stay as they are), until the rollout ends or pauses.
     */
    public static Driver driver(ConnectionOptions connection, OperatorKey key, FleetStore store, Clock clock,
                                RolloutDriver.Settings settings) {
        return id -> {
            PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter());
            try (ConsoleClient client = ConsoleClient.connect(connection.another());
                 RolloutDriver d = new RolloutDriver(client, key, store, clock, settings, quiet)) {
                return d.drive(id);
            }
        };
    }

    private final FleetStore store;
    private final ConsoleLink link;
    private final Driver driver;
    private final PrintWriter log;
    private final List<Consumer<Rollout>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Rollout> last = new HashMap<>();
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    private final ExecutorService drives = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fums-web-fleet-drive");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fums-web-fleet-poll");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param store  the console's fleet store (not closed here)
     * @param link   signs and sends {@code campaign.cancel}
     * @param driver drives a started or resumed rollout here; null: start and resume are refused
     * @param log    where a driver's failure is told
     */
    public FleetRollouts(FleetStore store, ConsoleLink link, Driver driver, PrintWriter log) {
        this.store = store;
        this.link = link;
        this.driver = driver;
        this.log = log;
    }

    /** Reads the store every {@code poll} and tells the listeners of each rollout that changed. */
    public FleetRollouts start(Duration poll) {
        poller.scheduleWithFixedDelay(this::changes, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public List<Rollout> rollouts() {
        List<Rollout> out = new ArrayList<>();
        try {
            for (FleetStore.Rollout r : store.rollouts()) {
                out.add(view(r));
            }
        } catch (FumsException e) {
            log("reading the fleet store failed: " + e.code() + " " + e.getMessage());
        }
        return out;
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        try {
            Optional<FleetStore.Rollout> r = store.rollout(id);
            return r.isEmpty() ? Optional.empty() : Optional.of(view(r.get()));
        } catch (FumsException e) {
            log("reading the fleet store failed: " + e.code() + " " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A stored rollout as the pages show it. */
    Rollout view(FleetStore.Rollout r) throws FumsException {
        List<RolloutDcu> dcus = store.dcus(r.id());
        Map<String, Counts> counts = store.counts(r.id());
        boolean firmware = r.spec().firmware();
        List<DcuPart> parts = new ArrayList<>();
        Map<String, Integer> sum = new LinkedHashMap<>();
        int done = 0;
        int total = 0;
        Instant updated = r.updatedAt();
        for (RolloutDcu d : dcus) {
            Counts c = counts.getOrDefault(d.dcuId(), new Counts(0, 0, 0));
            Map<String, Integer> perState = new LinkedHashMap<>();
            int partDone;
            int partTotal;
            if (firmware) {
                partTotal = Math.max(d.metersTotal(), c.total());
                partDone = c.total();
                int open = partTotal - partDone;
                if (open > 0) {
                    perState.put("PENDING", open);
                }
                put(perState, "SUCCEEDED", c.succeeded());
                put(perState, "FAILED", c.failed());
                put(perState, "CANCELLED", c.cancelled());
            } else {
                partTotal = 1;
                partDone = d.state().done() ? 1 : 0;
                perState.put(d.state() == DcuState.SUCCEEDED ? "SUCCEEDED" : d.state().done() ? "FAILED" : "PENDING", 1);
            }
            perState.forEach((s, n) -> sum.merge(s, n, Integer::sum));
            done += partDone;
            total += partTotal;
            parts.add(new DcuPart(d.dcuId(), firmware ? d.campaignId() : r.spec().name() + " " + r.spec().version(),
                    d.state().name(), partDone, partTotal, perState, reason(d)));
            if (d.updatedAt() != null && (updated == null || d.updatedAt().isAfter(updated))) {
                updated = d.updatedAt();
            }
        }
        return new Rollout(r.id(), r.spec().kind(), r.state(), r.spec().name() + " " + r.spec().version(), done,
                total, sum, r.reason(), waves(r.spec(), dcus), parts, updated);
    }

    /** The waves: the DCUs of each {@link RolloutDcu#wave}, named as the plan names them ({@code 1}, {@code 25%}...). */
    static List<Wave> waves(RolloutSpec spec, List<RolloutDcu> dcus) {
        Map<Integer, List<RolloutDcu>> byWave = new TreeMap<>();
        dcus.forEach(d -> byWave.computeIfAbsent(d.wave(), w -> new ArrayList<>()).add(d));
        List<String> names = spec.wavePlan().waves();
        List<Wave> out = new ArrayList<>();
        for (Map.Entry<Integer, List<RolloutDcu>> e : byWave.entrySet()) {
            int n = e.getKey();
            String name = "wave " + n + (n >= 1 && n <= names.size() ? " (" + names.get(n - 1) + ")" : "");
            List<RolloutDcu> w = e.getValue();
            String state = w.stream().allMatch(d -> d.state().done()) ? "DONE"
                    : w.stream().anyMatch(d -> d.state().inWork() || d.state().done()) ? "RUNNING"
                    : w.stream().anyMatch(d -> d.state() == DcuState.WAITING) ? "WAITING" : "PENDING";
            out.add(new Wave(name, state, w.stream().map(RolloutDcu::dcuId).toList()));
        }
        return out;
    }

    private static void put(Map<String, Integer> m, String state, int n) {
        if (n > 0) {
            m.put(state, n);
        }
    }

    private static String reason(RolloutDcu d) {
        if (d.code() == null && d.message() == null) {
            return null;
        }
        return d.code() == null ? d.message() : d.message() == null ? d.code() : d.code() + ": " + d.message();
    }

    @Override
    public Map<String, Integer> failures(String id) {
        Map<String, Integer> out = new TreeMap<>();
        try {
            for (FleetStore.MeterResult m : store.results(id, null)) {
                if (m.failed()) {
                    out.merge(m.errorCode() != null ? m.errorCode() : m.state(), 1, Integer::sum);
                }
            }
        } catch (FumsException e) {
            log("reading the fleet store failed: " + e.code() + " " + e.getMessage());
        }
        return out;
    }

    @Override
    public List<PartOutcome> control(String id, Action action, String dcuId)
            throws ConsoleException, InterruptedException {
        if (link.operatorKeyId() == null) {
            throw new ConsoleException(2, "this console has no operator key (serve -k PEM): it cannot sign "
                    + action.wire());
        }
        try {
            Optional<FleetStore.Rollout> found = store.rollout(id);
            if (found.isEmpty()) {
                return List.of();
            }
            FleetStore.Rollout r = found.get();
            List<PartOutcome> out = switch (action) {
                case START -> drive(r, Set.of(FleetStore.CREATED));
                case RESUME -> drive(r, Set.of(FleetStore.PAUSED));
                case PAUSE -> List.of(store.transition(id, Set.of(FleetStore.RUNNING, FleetStore.CREATED),
                        FleetStore.PAUSED, "paused by the operator") ? ok("PAUSED: no further DCU is started")
                        : refused(r.state()));
                case CANCEL -> cancel(r);
                case EXCLUDE -> exclude(r, dcuId);
            };
            changes();
            return out;
        } catch (FumsException e) {
            return List.of(new PartOutcome("console", "failed", e.code().toString(), "fleet store: " + e.getMessage()));
        }
    }

    private List<PartOutcome> drive(FleetStore.Rollout r, Set<String> from) throws FumsException {
        if (driver == null) {
            return List.of(new PartOutcome("console", "refused", "NOT_DRIVEN", "this console does not drive rollouts"));
        }
        if (!r.state().equals(FleetStore.RUNNING) && !store.transition(r.id(), from, FleetStore.RUNNING, null)) {
            return List.of(refused(r.state()));
        }
        if (!driving.add(r.id())) {
            return List.of(ok("RUNNING, already driven by this console"));
        }
        drives.submit(() -> {
            try {
                String end = driver.drive(r.id());
                log("rollout " + r.id() + " driven to " + end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log("driving rollout " + r.id() + " failed: " + e.getMessage());
            } finally {
                driving.remove(r.id());
                changes();
            }
        });
        return List.of(ok("RUNNING, driven by this console"));
    }

    private List<PartOutcome> cancel(FleetStore.Rollout r) throws FumsException, ConsoleException, InterruptedException {
        if (!store.transition(r.id(), Set.of(FleetStore.CREATED, FleetStore.RUNNING, FleetStore.PAUSED),
                FleetStore.CANCELLED, "cancelled by the operator")) {
            return List.of(refused(r.state()));
        }
        List<PartOutcome> out = new ArrayList<>();
        for (RolloutDcu d : store.dcus(r.id())) {
            if (d.state() == DcuState.PENDING || d.state() == DcuState.WAITING) {
                store.dcuTransition(r.id(), d.dcuId(), EnumSet.of(d.state()), DcuState.CANCELLED, null,
                        "the rollout was cancelled", null, null);
            } else if (d.state().inWork()) {
                if (r.spec().firmware()) {
                    out.add(outcome(d.dcuId(), cancelCampaign(d.dcuId(), r.id())));
                }
                store.dcuTransition(r.id(), d.dcuId(), EnumSet.of(d.state()), DcuState.CANCELLED, null,
                        "the rollout was cancelled", null, null);
            }
        }
        if (out.isEmpty()) {
            out.add(ok("CANCELLED: no DCU was in work"));
        }
        return out;
    }

    private List<PartOutcome> exclude(FleetStore.Rollout r, String dcu)
            throws FumsException, ConsoleException, InterruptedException {
        Optional<RolloutDcu> found = store.dcus(r.id()).stream().filter(x -> x.dcuId().equals(dcu)).findFirst();
        if (found.isEmpty()) {
            return List.of();
        }
        RolloutDcu d = found.get();
        if (d.state() == DcuState.EXCLUDED || d.state().done() && d.state() != DcuState.FAILED) {
            return List.of(new PartOutcome(dcu, "refused", "NOTHING_TO_EXCLUDE", dcu + " is " + d.state()
                    + " in rollout " + r.id()));
        }
        PartOutcome out = new PartOutcome(dcu, "ok", "OK", "EXCLUDED: it is not started");
        if (r.spec().firmware() && (d.state().inWork() || d.state() == DcuState.FAILED)) {
            Response c = cancelCampaign(dcu, r.id());
            out = outcome(dcu, c);
            if (c != null && c.ok()) {
                RolloutCommand.recordFinalJobs(store, r.id(), dcu, c.dataObject(), "exclude");
            }
        }
        store.dcuTransition(r.id(), dcu, EnumSet.of(d.state()), DcuState.EXCLUDED, null, "excluded by the operator",
                null, null);
        return List.of(out);
    }

    /** A signed {@code campaign.cancel} of the rollout's campaign on a DCU; null if it did not answer in time. */
    private Response cancelCampaign(String dcu, String rolloutId) throws ConsoleException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("id", RolloutSpec.campaignId(rolloutId));
        try {
            return link.signedRequest(dcu, "campaign.cancel", body.toString())
                    .get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    private static PartOutcome outcome(String dcu, Response r) {
        return r == null ? new PartOutcome(dcu, "failed", "TIMEOUT", "campaign.cancel: no answer within "
                + CANCEL_TIMEOUT.toSeconds() + " s (is the DCU online?)")
                : new PartOutcome(dcu, r.status(), r.code(), "campaign.cancel: " + r.message());
    }

    private static PartOutcome ok(String message) {
        return new PartOutcome("console", "ok", "OK", message);
    }

    private static PartOutcome refused(String state) {
        return new PartOutcome("console", "refused", "ROLLOUT_STATE", "the rollout is " + state);
    }

    @Override
    public void onChange(Consumer<Rollout> listener) {
        listeners.add(listener);
    }

    /** Reads every rollout and tells the listeners of those that changed since the last read. */
    synchronized void changes() {
        try {
            for (Rollout r : rollouts()) {
                if (!r.equals(last.put(r.id(), r))) {
                    listeners.forEach(l -> l.accept(r));
                }
            }
        } catch (RuntimeException e) {
            log("reading the fleet rollouts failed: " + e);
        }
    }

    private void log(String message) {
        synchronized (log) {
            log.println("fums-console serve: " + message);
            log.flush();
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        drives.shutdownNow();
    }
}
