package io.fums.features.dcu;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.testsupport.Conditions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The crash/fault soak: meter campaigns one after another (firmware 2.0.0,
 * 3.0.0, ...) and DCU software swaps between them, while the DCU process is
 * killed (SIGKILL) or, with LazyFS, its power is cut (issue 16: the kill, then
 * every write it did not fsync is dropped; {@link PowerCuts}), the broker is
 * stopped and started again ({@link BrokerFlaps}: the DCU must be back within
 * its backoff's bound) and emulated meters lose power at random points. After
 * every recovery it checks the invariants: every meter runs exactly its old
 * or its new firmware and answers; no meter activated twice; configuration
 * kept and energy never going back; no invocation counter of the DCU used twice (the meters, ciphered by
 * default, refuse none of its APDUs as replayed); the audit log's hash chain verifies.
 * After every campaign: every meter's result reached the console exactly
 * once after deduplication by event id. With power cuts, every other
 * software swap has the next power cut land inside it, at a random moment
 * ({@link SwapCut}). Runs as a test (short) and from
 * bench/soak.sh (long).
 */
public final class FaultSoak {

    /**
     * What a run did: {@code kills} DCU faults, of which {@code dcuPowerCuts} were power cuts (LazyFS);
     * {@code meterPowerCuts} emulated meters lost power; {@code powerCutsSkipped} says why the DCU power cuts
     * asked for did not run (null if they ran or none were asked for).
     */
    public record Result(int kills, int dcuPowerCuts, int meterPowerCuts, int brokerFlaps, int campaigns, int swaps, int checks,
                         int reverted, List<String> violations, long seed, Duration took, String powerCutsSkipped) {
        @Override
        public String toString() {
            return String.format("soak: %d DCU faults (%d of them power cuts), %d meter power cuts, %d broker restarts,"
                    + " %d campaigns completed, %d software swaps, %d invariant checks, %d meters reverted (power cut in"
                    + " activation), %d violations (seed %d, %d s)%s%s", kills, dcuPowerCuts, meterPowerCuts, brokerFlaps,
                    campaigns, swaps, checks, reverted, violations.size(), seed, took.toSeconds(),
                    powerCutsSkipped == null ? "" : "\n  DCU power cuts skipped: " + powerCutsSkipped,
                    violations.isEmpty() ? "" : "\n  " + String.join("\n  ", violations));
        }
    }

    private static final String DCU = "DCU-SOAK";
    private static final int METERS = 12;

    private final Path tmp;
    private final PrintStream log;
    private final Random random;
    private final long seed;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Map<String, Set<String>>> resultIds = new ConcurrentHashMap<>();
    /** Each meter's firmware when the current campaign started: its "old" image (a meter that reverted keeps an older one). */
    private final Map<String, String> before = new HashMap<>();
    private int reverted;
    /** Why the DCU power cuts asked for do not run, or null. */
    private String skipped;

    public FaultSoak(Path tmp, long seed, PrintStream log) {
        this.tmp = tmp;
        this.seed = seed;
        this.random = new Random(seed);
        this.log = log;
    }

    /** {@code targetKills} DCU kills (SIGKILL), none of them a power cut. */
    public Result run(int targetKills) throws Exception {
        return run(targetKills, 0);
    }

    /**
     * {@code targetKills} DCU faults, {@code targetPowerCuts} of them (spread evenly) real power cuts: the DCU's
     * data folder is a LazyFS mount, the DCU is killed and every write it did not fsync is dropped before it
     * restarts. Where LazyFS or FUSE is unavailable, every fault is a kill and {@link Result#powerCutsSkipped()} says why.
     */
    public Result run(int targetKills, int targetPowerCuts) throws Exception {
        return run(targetKills, targetPowerCuts, 0);
    }

    /**
     * As {@link #run(int, int)}, with {@code targetFlaps} broker restarts spread evenly between the DCU faults
     * (in place of the random wait before a fault), each judged against the DCU's reconnect backoff.
     */
    public Result run(int targetKills, int targetPowerCuts, int targetFlaps) throws Exception {
        long start = System.nanoTime();
        int kills = 0;
        int dcuCuts = 0;
        int cuts = 0;
        int campaigns = 0;
        int swaps = 0;
        int checks = 0;
        int brokerFlaps = 0;
        skipped = targetPowerCuts > 0 ? LazyFs.unavailable().orElse(null) : null;
        try (CampaignFixture fx = new CampaignFixture(tmp);
             MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                     "groups": [{"id": "s", "count": %d, "tcpPortBase": %d, "link": {"baud": 19200}}]
                     """.formatted(METERS, MeterFleet.freePortBase(METERS)));
             ConsoleClient watcher = ConsoleClient.connect(fx.broker.tls().console().session("soak-watch", 3600));
             LazyFs disk = targetPowerCuts > 0 && skipped == null ? mount() : null) {
            if (skipped != null) {
                log.println("soak: DCU power cuts skipped, every fault is a kill: " + skipped);
            }
            watcher.subscribe("fums/v1/" + DCU + "/evt/meter-result", (topic, m) -> {
                JsonObject o = JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject();
                JsonObject d = o.getAsJsonObject("data");
                resultIds.computeIfAbsent(d.get("campaign").getAsString(), k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(d.get("meterId").getAsString(), k -> ConcurrentHashMap.newKeySet()).add(o.get("id").getAsString());
            });
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 5, 9600);
            Path data = tmp.resolve("data");
            Map<String, MeterStatus> initial = fleet.snapshot();
            Map<String, Long> energy = new HashMap<>();
            initial.forEach((id, s) -> energy.put(id, s.importWh()));
            PowerCuts power = disk == null ? null : new PowerCuts(fx, DCU, disk, fleet.meterIds().get(0), violations);
            BrokerFlaps flaps = new BrokerFlaps(fx, DCU, random, violations);
            DcuProcess dcu = fx.start(DCU, data, conf);
            try {
                if (power != null) {
                    power.acknowledged();
                }
                int version = 1;
                Path swapToCut = null;
                String swapToCutVersion = null;
                long swapMillis = 2000; // how long the last awaited swap took on the DCU, +300 ms
                String campaign = null;
                int leaf = 0;
                while (kills < targetKills) {
                    if (campaign == null || "COMPLETED".equals(state(fx, campaign))) {
                        if (campaign != null) {
                            campaigns++;
                            checkCampaign(fx, fleet, campaign, version);
                            leaf = 1 + leaf % 2;
                            String swapVersion = (swaps + 1) + ".0.0";
                            Path pkg = fx.keys.leafFeature(tmp.resolve("sw"), swapVersion, "leaf-v" + leaf, "");
                            if (power != null && campaigns % 2 == 0 && isPowerCut(kills, targetKills, targetPowerCuts)) {
                                // every other swap: the next fault, a power cut, lands inside it (sent below, not awaited)
                                swapToCut = pkg;
                                swapToCutVersion = swapVersion;
                            } else {
                                fx.console("deploy", pkg.toString(), "--dcu", DCU);
                                swapMillis = swapMillis(fx);
                                swaps++;
                                if (power != null) {
                                    power.acknowledged(); // the console saw the swap acknowledged: this set is the committed one now
                                }
                            }
                        }
                        version++;
                        campaign = "soak-" + version;
                        before.clear();
                        fleet.snapshot().forEach((id, st) -> before.put(id, st.runningFirmware()));
                        Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), version + ".0.0", MeterFleet.image(version + ".0.0", 6 * 1024, version));
                        String firmware = fx.stage(DCU, pkg);
                        fx.console("campaign", "create", DCU, "--id", campaign, "--firmware", firmware, "--device-type", "FUMS-EM-1",
                                "--waves", "2,rest", "--concurrency", "1", "--max-attempts", "20", "--backoff", "0.3", "--max-backoff", "2",
                                "--error-threshold", "100%");
                        fx.console("campaign", "start", DCU, campaign);
                    }
                    // broker restarts for this gap, spread evenly over the faults; none: a kill at a random moment
                    long flapsNow = (long) (kills + 1) * targetFlaps / targetKills - (long) kills * targetFlaps / targetKills;
                    for (long f = 0; f < flapsNow; f++) {
                        flaps.flap();
                    }
                    SwapCut swap = null;
                    if (swapToCut != null) {
                        // a power cut inside a swap: at a random moment of its download, checks, swap or commit
                        swap = SwapCut.start(fx, DCU, swapToCut, swapToCutVersion, power.acked(), "after power cut " + (dcuCuts + 1));
                        swapToCut = null;
                        Thread.sleep(random.nextLong(swapMillis)); // within the time the last swap took (+300 ms for the download)
                    } else if (flapsNow == 0) {
                        Thread.sleep(300 + random.nextInt(3500)); // the behaviour under test: a kill at a random moment
                    }
                    if (random.nextInt(3) == 0) {
                        String victim = fleet.meterIds().get(random.nextInt(METERS));
                        fleet.emulator().population().meter(victim).powerCut("soak", 300 + random.nextInt(1500));
                        cuts++;
                    }
                    // faults number 1..targetKills; targetPowerCuts of them, evenly spread, are power cuts
                    boolean powerCut = power != null && isPowerCut(kills, targetKills, targetPowerCuts);
                    String when = (powerCut ? "after power cut " + (dcuCuts + 1) : "after kill " + (kills + 1));
                    if (powerCut) {
                        power.admitCommand(when);
                    }
                    PowerCuts.killTree(dcu);
                    kills++;
                    if (powerCut) {
                        if (swap != null) {
                            swap.afterKill(Duration.ofSeconds(2)); // an answer sent before the kill still arrives
                        }
                        power.cut(when, swap);
                        dcuCuts++;
                    }
                    dcu = fx.start(DCU, data, conf);
                    checks++;
                    if (powerCut && power.checkAfterRestart(when, swap)) {
                        swaps++; // the swap the power cut landed in had committed
                    }
                    if (swap != null) {
                        swap.close();
                    }
                    checkMeters(fx, fleet, initial, energy, version, when);
                    if (kills % 10 == 0) {
                        log.println("soak: " + kills + " DCU faults (" + dcuCuts + " power cuts), " + cuts + " meter power cuts, "
                                + campaigns + " campaigns, " + swaps + " swaps, " + violations.size() + " violations");
                    }
                }
                // let the last campaign finish, then the final checks
                String last = campaign;
                Conditions.within(Duration.ofMinutes(5), Duration.ofMillis(500), () -> "COMPLETED".equals(state(fx, last)));
                if ("COMPLETED".equals(state(fx, campaign))) {
                    campaigns++;
                    checkCampaign(fx, fleet, campaign, version);
                } else {
                    violations.add("the last campaign " + campaign + " did not complete: " + state(fx, campaign));
                }
                checks++;
                checkMeters(fx, fleet, initial, energy, version, "at the end");
                if (power != null) {
                    log.println("soak: after the " + dcuCuts + " DCU power cuts: " + power.summary());
                }
                if (targetFlaps > 0) {
                    log.println("soak: " + flaps.summary());
                }
                brokerFlaps = flaps.count();
            } finally {
                PowerCuts.killTree(dcu);
            }
        }
        return new Result(kills, dcuCuts, cuts, brokerFlaps, campaigns, swaps, checks, reverted, List.copyOf(violations), seed,
                Duration.ofNanos(System.nanoTime() - start), skipped);
    }

    /** How long the DCU's last swap took (its history: started to ended), plus 300 ms for the download before it. */
    private static long swapMillis(CampaignFixture fx) throws Exception {
        JsonObject last = fx.get(DCU, "software.history", "{\"limit\": 1}").getAsJsonArray("swaps").get(0).getAsJsonObject();
        Duration swap = Duration.between(java.time.Instant.parse(last.get("started").getAsString()),
                java.time.Instant.parse(last.get("ended").getAsString()));
        return Math.max(1, swap.toMillis()) + 300;
    }

    /** Fault number {@code kills + 1} of {@code targetKills} is a power cut: {@code targetPowerCuts} of them, spread evenly. */
    private static boolean isPowerCut(int kills, int targetKills, int targetPowerCuts) {
        return (long) (kills + 1) * targetPowerCuts / targetKills > (long) kills * targetPowerCuts / targetKills;
    }

    /** The data folder on LazyFS (the "disk" is tmp/disk), or null with {@link #skipped} saying why it cannot be. */
    private LazyFs mount() throws Exception {
        // LazyFS's state folder (config, FIFO, log): lazyfs ignores a config path that contains "-o"
        Path state = tmp.resolve("lazyfs-state");
        if (state.toString().toLowerCase(java.util.Locale.ROOT).contains("-o")) {
            state = Files.createTempDirectory("lazyfs");
        }
        try {
            return LazyFs.mount(tmp.resolve("disk"), tmp.resolve("data"), state, "128mb");
        } catch (java.io.IOException e) {
            skipped = "LazyFS does not mount here: " + e.getMessage();
            return null;
        }
    }

    private static String state(CampaignFixture fx, String campaign) throws Exception {
        return fx.get(DCU, "campaign.status", "{\"id\": \"" + campaign + "\"}").get("state").getAsString();
    }

    /** Invariants that hold at any time: old or new firmware, answering, settings kept, energy not going back, no counter reused, audit chain. */
    private void checkMeters(CampaignFixture fx, MeterFleet fleet, Map<String, MeterStatus> initial, Map<String, Long> energy,
                             int version, String when) throws Exception {
        String newFw = version + ".0.0";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (String id : fleet.meterIds()) {
            Conditions.within(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> fleet.status(id).poweredOn());
            MeterStatus s = fleet.status(id);
            if (!s.poweredOn()) {
                violations.add(when + ": " + id + " does not come back");
            }
            Set<String> allowed = new HashSet<>(java.util.Arrays.asList(before.get(id), newFw));
            if (!allowed.contains(s.runningFirmware())) {
                violations.add(when + ": " + id + " runs " + s.runningFirmware() + ", neither its old nor its new image " + allowed);
            }
            if (!s.settings().equals(initial.get(id).settings())) {
                violations.add(when + ": " + id + " settings changed: " + s.settings());
            }
            if (s.importWh() < energy.get(id)) {
                violations.add(when + ": " + id + " energy went back from " + energy.get(id) + " to " + s.importWh());
            }
            energy.put(id, s.importWh());
            if (s.replaysRefused() > 0) {
                // the DCU reused an invocation counter (a GCM nonce) after a kill or a power cut
                violations.add(when + ": " + id + " refused " + s.replaysRefused() + " APDU(s) of the DCU as replayed"
                        + " (an invocation counter used twice)");
            }
        }
        JsonObject audit = fx.get(DCU, "audit.verify", "{}");
        if (!audit.get("ok").getAsBoolean()) {
            violations.add(when + ": audit chain broken: " + audit);
        }
    }

    /** After a completed campaign: one activation per meter, every meter on the new firmware, one result event id per meter. */
    private void checkCampaign(CampaignFixture fx, MeterFleet fleet, String campaign, int version) throws Exception {
        JsonObject status = fx.get(DCU, "campaign.status", "{\"id\": \"" + campaign + "\"}");
        for (JsonElement e : status.getAsJsonArray("meters")) {
            JsonObject job = e.getAsJsonObject();
            String id = job.get("meterId").getAsString();
            JsonObject history = fx.get(DCU, "campaign.history", "{\"id\": \"" + campaign + "\", \"meterId\": \"" + id + "\"}");
            long activations = 0;
            for (JsonElement t : history.getAsJsonArray("transitions")) {
                if ("ACTIVATING".equals(t.getAsJsonObject().get("to").getAsString())) {
                    activations++;
                }
            }
            if (activations > 1) {
                violations.add(campaign + ": " + id + " activated " + activations + " times");
            }
            String fw = fleet.status(id).runningFirmware();
            String state = job.get("state").getAsString();
            if ("REVERTED".equals(state)) {
                reverted++;
                if (!fw.equals(before.get(id))) {
                    violations.add(campaign + ": " + id + " REVERTED but runs " + fw + ", not its old image " + before.get(id));
                }
            }
            if ("SUCCEEDED".equals(state) != (version + ".0.0").equals(fw)) {
                violations.add(campaign + ": " + id + " is " + state + " but runs " + fw);
            }
        }
        Conditions.within(Duration.ofSeconds(60), () -> resultIds.getOrDefault(campaign, Map.of()).size() >= METERS);
        Map<String, Set<String>> ids = resultIds.getOrDefault(campaign, Map.of());
        if (ids.size() != METERS) {
            Set<String> missing = new HashSet<>(fleet.meterIds());
            missing.removeAll(ids.keySet());
            violations.add(campaign + ": no result event at the console for " + missing);
        }
        ids.forEach((meter, set) -> {
            if (set.size() != 1) {
                violations.add(campaign + ": " + meter + " has " + set.size() + " different result event ids " + set);
            }
        });
    }

    /**
     * bench/soak.sh: {@code FaultSoak <faults> [seed] [powerCuts] [brokerFlaps]}: {@code faults} DCU faults, {@code powerCuts}
     * of them (at most all) power cuts on LazyFS, {@code brokerFlaps} broker restarts between them; a run asked for
     * power cuts fails where they cannot run.
     */
    public static void main(String[] args) throws Exception {
        int powerCuts = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int flaps = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int kills = Math.max(powerCuts, args.length > 0 ? Integer.parseInt(args[0]) : 200);
        long seed = args.length > 1 && !args[1].isEmpty() ? Long.parseLong(args[1]) : System.nanoTime();
        Path tmp = Files.createTempDirectory("fums-soak");
        Result r = new FaultSoak(tmp, seed, System.out).run(kills, powerCuts, flaps);
        System.out.println(r);
        System.out.println("FIGURE {\"figure\": \"soak.violations\", \"value\": " + r.violations().size()
                + ", \"unit\": \"violations\", \"target\": \"0\", \"reference\": \"" + r.kills() + " DCU faults, "
                + r.dcuPowerCuts() + " of them power cuts (LazyFS), " + r.meterPowerCuts() + " meter power cuts, " + r.brokerFlaps()
                + " broker restarts, " + r.campaigns()
                + " campaigns, " + r.swaps() + " swaps, " + r.checks() + " checks in " + r.took().toSeconds() + " s\", \"met\": "
                + (r.violations().isEmpty() && r.powerCutsSkipped() == null) + "}");
        System.exit(r.violations().isEmpty() && r.powerCutsSkipped() == null ? 0 : 1);
    }
}
