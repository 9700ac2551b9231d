package io.fums.features.dcu;

import com.google.gson.JsonObject;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.fleet.FleetStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/fleet-rollout.sh: {@code FleetBench [dcus=20] [meters=50]}: the fleet rollout of FleetRolloutE2EIT at scale:
 * real DCU processes (the shipped -Xmx64m) under one TLS broker, emulated ciphered meters, a meter-firmware rollout
 * (1 canary DCU, 25 %, the rest; one DCU's meters all fail self-check, the fleet threshold pauses before the last
 * wave, the operator excludes it and resumes; the console killed and restarted once), then a DCU software rollout
 * across the same DCUs. Prints total time, time per wave, the broker's messages per second (a subscriber to every
 * topic: its peak and mean over one-second windows), messages and payload bytes per kind and DCU, and each DCU
 * process's resident memory.
 */
public final class FleetBench {

    private final Path tmp;
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    private final Map<String, long[]> perKind = new ConcurrentHashMap<>();

    private FleetBench(Path tmp) {
        this.tmp = tmp;
    }

    public static void main(String[] args) throws Exception {
        int dcus = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int meters = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path tmp = Files.createTempDirectory("fums-fleet-bench");
        int rc = new FleetBench(tmp).run(dcus, meters);
        System.exit(rc);
    }

    private int run(int n, int meters) throws Exception {
        long t0 = System.nanoTime();
        Map<String, MeterFleet> fleets = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        Map<String, DcuProcess> procs = new LinkedHashMap<>();
        String failing = String.format("FLEET-%02d", Math.min(n, 3));
        try (CampaignFixture fx = new CampaignFixture(tmp)) {
            ExecutorService starter = Executors.newFixedThreadPool(4);
            List<CompletableFuture<DcuProcess>> starting = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int d = 1; d <= n; d++) {
                String id = String.format("FLEET-%02d", d);
                ids.add(id);
                StringBuilder faults = new StringBuilder();
                if (id.equals(failing)) {
                    List<String> m = new ArrayList<>();
                    for (int i = 1; i <= meters; i++) {
                        m.add("{\"id\": \"f%02d-%05d\", \"faults\": {\"failSelfCheck\": true}}".formatted(d, i));
                    }
                    faults.append(", \"meters\": [").append(String.join(",", m)).append(']');
                }
                MeterFleet fleet = MeterFleet.start(tmp.resolve("meters-" + d), """
                        "groups": [{"id": "f%02d", "count": %d, "tcpPortBase": %d}]%s
                        """.formatted(d, meters, MeterFleet.freePortBase(meters), faults));
                fleets.put(id, fleet);
                Path conf = fleet.conf(fx.home, tmp.resolve("conf-" + d), 60, 9600);
                Path file = conf.resolve(CloudTls.CLOUD_CONFIG);
                JsonObject o = Files.exists(file)
                        ? com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject() : new JsonObject();
                Files.createDirectories(file.getParent());
                o.addProperty("labels", "region=north,group=g" + (d % 4));
                Files.writeString(file, o + "\n");
                Path data = tmp.resolve("data-" + d);
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return fx.start(id, data, conf);
                    } catch (Exception e) {
                        throw new IllegalStateException(id + " did not start", e);
                    }
                }, starter));
            }
            for (int d = 0; d < n; d++) {
                procs.put(ids.get(d), starting.get(d).get(10, TimeUnit.MINUTES));
            }
            starter.shutdown();
            System.out.printf("fleet bench: %d DCUs x %d meters up in %d s%n", n, meters, secondsSince(t0));
            rss(procs, "after start");

            try (ConsoleClient monitor = ConsoleClient.connect(fx.broker.tls().console())) {
                monitor.subscribe("fums/v1/#", (topic, m) -> count(topic, m.getPayload().length));
                Path store = tmp.resolve("fleet-store");
                Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 16 * 1024, 7));
                perSecond.clear();
                perKind.clear();
                long r0 = System.nanoTime();
                fx.console("fleet", "rollout", "create", "fw", "--package", pkg.toString(), "--label", "region=north",
                        "--device-type", "FUMS-EM-1", "--waves", "1,25%,rest", "--max-parallel", "10",
                        "--max-failed-dcus", "10%", "--max-failed-meters", "50%", "--meter-waves", "5,rest",
                        "--concurrency", "5", "--error-threshold", "1", "--yes", "--store", store.toString());
                Process console = console(fx, store, "start", "fw", "console-1.log");
                waitFor(store, "fw", 2);
                console.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                System.out.printf("fleet bench: console killed in wave 2 at %d s%n", secondsSince(r0));
                console = console(fx, store, "start", "fw", "console-2.log");
                console.waitFor(30, TimeUnit.MINUTES);
                System.out.println("fleet bench: paused: " + last(tmp.resolve("console-2.log"), "rollout fw "));
                fx.console("fleet", "rollout", "exclude", "fw", failing, "--store", store.toString());
                String resumed = fx.console("fleet", "rollout", "resume", "fw", "--store", store.toString(), "--poll", "5");
                long took = secondsSince(r0);
                report("meter-firmware rollout", store, "fw", took, n);
                System.out.println(resumed.substring(Math.max(0, resumed.indexOf("rollout fw  "))));
                rss(procs, "after the meter-firmware rollout");
                wrong.addAll(checkMeters(store, fleets, failing));

                Path leaf = fx.keys.leafFeature(tmp.resolve("sw"), "1.0.0", "leaf-v1", "");
                perSecond.clear();
                perKind.clear();
                long s0 = System.nanoTime();
                fx.console("fleet", "rollout", "create", "sw", "--package", leaf.toString(), "--label", "region=north",
                        "--waves", "1,25%,rest", "--max-parallel", "10", "--yes", "--store", store.toString());
                String sw = fx.console("fleet", "rollout", "start", "sw", "--store", store.toString(), "--poll", "5");
                report("DCU software rollout", store, "sw", secondsSince(s0), n);
                System.out.println(sw.substring(Math.max(0, sw.indexOf("rollout sw  "))));
                rss(procs, "after the software rollout");
            }
            System.out.printf("fleet bench: total %d s%n", secondsSince(t0));
            try (FleetStore s = FleetStore.open(store(), Clock.systemUTC())) {
                String sw = s.rollout("sw").map(FleetStore.Rollout::state).orElse("absent");
                if (!"COMPLETED".equals(sw)) {
                    wrong.add("the DCU software rollout ended " + sw);
                }
            }
            System.out.println(wrong.isEmpty() ? "fleet bench: checks passed: every healthy meter on 2.0.0 and its"
                    + " SUCCEEDED result in the console's store once; the excluded DCU's meters not on 2.0.0; the"
                    + " software rollout COMPLETED" : "fleet bench: CHECKS FAILED:\n  " + String.join("\n  ", wrong));
            return wrong.isEmpty() ? 0 : 1;
        } finally {
            for (DcuProcess p : procs.values()) {
                p.close();
            }
            fleets.values().forEach(MeterFleet::close);
        }
    }

    private Path store() {
        return tmp.resolve("fleet-store");
    }

    /**
     * The rollout's outcome, from the meters themselves and the console's store: every meter of a healthy DCU runs
     * 2.0.0 and has exactly one result, SUCCEEDED; no meter of the excluded DCU runs 2.0.0; no result twice.
     */
    private static List<String> checkMeters(Path store, Map<String, MeterFleet> fleets, String failing) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (FleetStore s = FleetStore.open(store, Clock.systemUTC())) {
            List<FleetStore.MeterResult> results = s.results("fw", null);
            Map<String, Integer> seen = new TreeMap<>();
            for (FleetStore.MeterResult r : results) {
                seen.merge(r.dcuId() + "/" + r.meterId(), 1, Integer::sum);
            }
            seen.forEach((k, c) -> {
                if (c != 1) {
                    wrong.add(k + ": " + c + " results in the store");
                }
            });
            for (Map.Entry<String, MeterFleet> f : fleets.entrySet()) {
                String dcu = f.getKey();
                for (String meter : f.getValue().meterIds()) {
                    String running = f.getValue().status(meter).runningFirmware();
                    if (dcu.equals(failing)) {
                        if ("2.0.0".equals(running)) {
                            wrong.add(dcu + "/" + meter + " (excluded DCU, failing self-check) runs 2.0.0");
                        }
                        continue;
                    }
                    if (!"2.0.0".equals(running)) {
                        wrong.add(dcu + "/" + meter + " runs " + running);
                    }
                    boolean succeeded = results.stream().anyMatch(r -> r.dcuId().equals(dcu) && r.meterId().equals(meter)
                            && "SUCCEEDED".equals(r.state()));
                    if (!succeeded) {
                        wrong.add(dcu + "/" + meter + ": no SUCCEEDED result in the console's store");
                    }
                }
            }
            System.out.printf("checked %d meters on %d DCUs against %d results in the store%n",
                    fleets.values().stream().mapToInt(f -> f.meterIds().size()).sum(), fleets.size(), results.size());
        }
        return wrong;
    }

    private void count(String topic, int bytes) {
        perSecond.computeIfAbsent(System.nanoTime() / 1_000_000_000L, s -> new AtomicLong()).incrementAndGet();
        String[] l = topic.split("/");
        String kind = l.length >= 4 && l[1].equals("v1") && !l[2].equals("console")
                ? (l[3].equals("evt") || l[3].equals("req") ? l[3] + "/" + (l.length > 4 ? l[4] : "") : l[3])
                : l.length >= 3 && l[2].equals("console") ? "response" : topic;
        long[] c = perKind.computeIfAbsent(kind, k -> new long[2]);
        synchronized (c) {
            c[0]++;
            c[1] += bytes;
        }
    }

    private void report(String what, Path store, String id, long seconds, int dcus) throws Exception {
        System.out.printf("%n== %s: %d s in all%n", what, seconds);
        try (FleetStore s = FleetStore.open(store, Clock.systemUTC())) {
            Map<Integer, Instant[]> waves = new TreeMap<>();
            Map<Integer, Integer> sizes = new TreeMap<>();
            for (FleetStore.RolloutDcu d : s.dcus(id)) {
                sizes.merge(d.wave(), 1, Integer::sum);
                if (d.startedAt() == null || d.endedAt() == null) {
                    continue;
                }
                Instant[] w = waves.computeIfAbsent(d.wave(), k -> new Instant[] {d.startedAt(), d.endedAt()});
                w[0] = d.startedAt().isBefore(w[0]) ? d.startedAt() : w[0];
                w[1] = d.endedAt().isAfter(w[1]) ? d.endedAt() : w[1];
            }
            waves.forEach((w, t) -> System.out.printf("wave %d (%d DCUs): %.1f s (first DCU started to last done)%n", w,
                    sizes.get(w), Duration.between(t[0], t[1]).toMillis() / 1000.0));
            System.out.println("results in the store: " + s.results(id, null).size() + "; workers: " + s.workers());
        }
        long peak = perSecond.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
        long total = perSecond.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("broker messages: %d in %d s, peak %d/s, mean %.1f/s%n", total, seconds, peak,
                (double) total / Math.max(1, seconds));
        System.out.println("per kind: messages, payload bytes (mean), per DCU:");
        new TreeMap<>(perKind).forEach((k, c) -> System.out.printf("  %-26s %7d msgs  %6d B/msg  %6.1f msgs/DCU%n", k,
                c[0], c[0] == 0 ? 0 : c[1] / c[0], (double) c[0] / dcus));
    }

    private static void rss(Map<String, DcuProcess> procs, String when) throws IOException {
        List<String> parts = new ArrayList<>();
        long sum = 0;
        long max = 0;
        for (Map.Entry<String, DcuProcess> e : procs.entrySet()) {
            long kb = rssKb(e.getValue().process().pid());
            sum += kb;
            max = Math.max(max, kb);
            parts.add(e.getKey() + " " + kb / 1024 + " MB");
        }
        System.out.printf("DCU resident memory %s: mean %d MB, max %d MB: %s%n", when, sum / Math.max(1, procs.size())
                / 1024, max / 1024, String.join(", ", parts));
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Waits until a DCU of wave {@code wave} is in work. */
    private static void waitFor(Path store, String id, int wave) throws Exception {
        boolean started = io.fums.testsupport.Conditions.within(java.time.Duration.ofMinutes(20),
                java.time.Duration.ofMillis(200), () -> {
                    try (FleetStore s = FleetStore.open(store, Clock.systemUTC())) {
                        return s.dcus(id).stream().anyMatch(d -> d.wave() == wave && d.state().inWork());
                    }
                });
        if (!started) {
            throw new IllegalStateException("wave " + wave + " never started");
        }
    }

    private static String last(Path log, String prefix) throws IOException {
        String found = "";
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(prefix)) {
                found = line;
            }
        }
        return found;
    }

    private Process console(CampaignFixture fx, Path store, String command, String id, String log) throws IOException {
        Path argFile = Files.writeString(tmp.resolve("console.args"), "-cp \"" + System.getProperty("java.class.path")
                + "\"\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argFile, "io.fums.emulator.console.FumsConsole", "fleet", "rollout", command, id,
                "--store", store.toString(), "-k", fx.operatorKey.toString(), "--poll", "5"));
        cmd.addAll(fx.broker.tls().consoleArgs());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile()).start();
    }

    private static long secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000_000L;
    }
}
