package io.fums.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.features.dcu.DcuProcess;
import io.fums.features.dcu.MeterFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (issue 14 (a)-(d)): a meter-firmware campaign on the real DCU
 * distribution (its own process, the shipped -Xmx64m) and the operator's
 * console to N ciphering meters (HLS-GMAC, suite 0) on ONE shared emulated
 * serial medium (a socat pty, HDLC, 8N1, half duplex) that loses frames for
 * each meter on its own: independently ({@code --loss}) or in bursts
 * ({@code --burst FRAMES}: a two-state Gilbert-Elliott channel per meter
 * with the same average loss and bursts of that mean length). The DCU's
 * agent broadcasts on its own ({@code rollout.transfer auto}) with the
 * medium's broadcast key, provisioned from the vendor's key export by the
 * console. The meters' reads go on meanwhile at their period.
 *
 * <p>Figures: time from the start command to every meter holding a
 * verified image, against the image's floor on the line
 * ({@code size * 10 / baud}, 273.1 s for 256 KiB at 9600 baud); its phases
 * (per-meter preparation, the broadcast pass, the re-broadcast round,
 * point-to-point repair, verification) from the DCU's log and the meters'
 * journalled transitions; and the lower bound for class 18 without coding,
 * computed in this run: N times the measured per-meter exchange time, plus
 * the floor times the expected number of passes until all N meters hold a
 * block under the loss ({@code sum over k >= 0 of 1 - (1 - p^k)^N}). And the
 * DCU's heap after GC, sampled during the campaign (target under 64 MB) and
 * the reads missed. Targets: 200 meters at most 3x the floor, 1,000 meters
 * at most 6x.
 *
 * <p>Usage: {@code SharedMediumCampaignBench <inputs dir> [--kib 256] [--meters 200] [--baud 9600]
 * [--loss 0.02] [--burst 0] [--read-seconds 900]}
 */
public final class SharedMediumCampaignBench {

    private static final String DCU = "DCU-BENCH-BCAST";
    private static final String CAMPAIGN = "bench-bcast";
    private static final int READ_SAMPLE = 10;
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern START = Pattern.compile(
            "^(\\S+ \\S+) .*broadcast of (\\d+) blocks to (\\d+) meters on (\\S+)$", Pattern.MULTILINE);
    private static final Pattern ROUND = Pattern.compile(
            "^(\\S+ \\S+) .*broadcast on (\\S+) round (\\d+): (\\d+) blocks sent in (\\d+) ms$", Pattern.MULTILINE);

    private SharedMediumCampaignBench() {
    }

    public static void main(String[] args) throws Exception {
        Path inputs = Path.of(args[0]).toAbsolutePath();
        int kib = 256;
        int meters = 200;
        int baud = 9600;
        double loss = 0.02;
        int burst = 0;
        int readSeconds = 900;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--kib" -> kib = Integer.parseInt(args[++i]);
                case "--meters" -> meters = Integer.parseInt(args[++i]);
                case "--baud" -> baud = Integer.parseInt(args[++i]);
                case "--loss" -> loss = Double.parseDouble(args[++i]);
                case "--burst" -> burst = Integer.parseInt(args[++i]);
                case "--read-seconds" -> readSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("fums-shared-medium");
        int size = kib * 1024;
        double floor = size * 10.0 / baud;
        String link = "\"baud\": %d, \"frameLossRate\": %s%s".formatted(baud, loss,
                burst > 1 ? ", \"meanLossBurstFrames\": " + burst : "");
        boolean met;
        try (DcuCloud cloud = new DcuCloud(work, inputs);
                MeterFleet fleet = MeterFleet.start(work.resolve("meters"), """
                        "media": [{"id": "bus-a", "pty": "%s", "link": {%s}}],
                        "groups": [{"id": "b", "count": %d, "medium": "bus-a", "hdlcAddressBase": 17}]
                        """.formatted(work.resolve("meters/bus-a"), link, meters))) {
            Path conf = fleet.conf(cloud.home, cloud.conf(work.resolve("conf")), readSeconds, baud);
            Files.delete(conf.resolve("config/io.fums.meter.upgrade.json")); // the agent's defaults, as shipped
            Path pkg = cloud.keys.meterFirmware(work.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", size, 7));
            try (DcuProcess dcu = cloud.start(DCU, work.resolve("data"), conf)) {
                String firmware = cloud.stage(DCU, pkg);
                // activation far ahead: the figure is the time to a verified image on every meter
                Instant at = Instant.now().plus(12, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
                cloud.console("campaign", "create", DCU, "--id", CAMPAIGN, "--firmware", firmware, "--device-type",
                        "FUMS-EM-1", "--at", at.toString(), "--waves", "rest", "--concurrency", "2", "--max-attempts",
                        "6", "--backoff", "1", "--max-backoff", "10", "--error-threshold", "10%");
                // meters.read identifies the meter on the line: a sample of the meters, not all of them
                List<String> sampled = sample(fleet.meterIds(), READ_SAMPLE);
                Map<String, JsonObject> readsBefore = readStats(cloud, sampled);
                AtomicLong heapMax = new AtomicLong();
                List<Long> heaps = new ArrayList<>();
                Instant start = Instant.now();
                cloud.console("campaign", "start", DCU, CAMPAIGN);
                long deadline = System.nanoTime() + Duration.ofSeconds((long) (floor * 12) + 1800).toNanos();
                long nextHeap = System.nanoTime();
                while (true) {
                    long[] counts = countsOf(cloud.get(DCU, "campaign.status", "{\"id\": \"" + CAMPAIGN + "\"}"));
                    long verified = counts[0];
                    if (verified + counts[1] >= meters) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + verified + " of " + meters + " meters verified; see "
                                + dcu.output());
                    }
                    if (System.nanoTime() >= nextHeap) {
                        long h = DcuCloud.heapAfterGc(dcu.process().pid());
                        heaps.add(h);
                        heapMax.accumulateAndGet(h, Math::max);
                        nextHeap = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    }
                    Thread.sleep(2000);
                }
                Instant end = Instant.now();
                Map<String, JsonObject> readsAfter = readStats(cloud, sampled);
                met = report(cloud, dcu, fleet.meterIds(), sampled, new Run(kib, meters, baud, loss, burst, floor), start, end,
                        heapMax.get(), heaps.size(), readsBefore, readsAfter, readSeconds);
                dcu.terminate(Duration.ofSeconds(60));
            }
        }
        DcuCloud.deleteTree(work);
        System.out.println("result: " + (met ? "target met" : "target missed"));
        if (!met) {
            System.exit(3);
        }
    }

    private record Run(int kib, int meters, int baud, double loss, int burst, double floor) {
        String channel() {
            return burst > 1 ? "Gilbert-Elliott, %.1f %% average loss in bursts of ~%d frames".formatted(loss * 100, burst)
                    : "%.1f %% independent frame loss".formatted(loss * 100);
        }

        String key() {
            return "shared-medium." + meters + (burst > 1 ? ".bursty" : "");
        }
    }

    /** Meters whose image is verified (or beyond), and meters whose job ended otherwise, from the status's counts. */
    private static long[] countsOf(JsonObject status) {
        JsonObject counts = status.getAsJsonObject("counts");
        long verified = 0;
        long ended = 0;
        for (String state : counts.keySet()) {
            long n = counts.get(state).getAsLong();
            if (List.of("VERIFIED", "ACTIVATION_SCHEDULED", "ACTIVATING", "SELF_TEST", "SUCCEEDED").contains(state)) {
                verified += n;
            } else if (List.of("FAILED", "REVERTED", "CANCELLED").contains(state)) {
                ended += n;
            }
        }
        return new long[] {verified, ended};
    }

    /** {@code n} meters spread evenly over {@code ids}. */
    private static List<String> sample(List<String> ids, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, ids.size()); i++) {
            out.add(ids.get(i * ids.size() / Math.min(n, ids.size())));
        }
        return out;
    }

    private static Map<String, JsonObject> readStats(DcuCloud cloud, List<String> ids) throws Exception {
        Map<String, JsonObject> stats = new LinkedHashMap<>();
        for (String id : ids) {
            stats.put(id, cloud.get(DCU, "meters.read", "{\"meterId\": \"" + id + "\"}").getAsJsonObject("stats"));
        }
        return stats;
    }

    /** The expected number of passes of one block until every one of {@code n} receivers holds it. */
    static double passes(double p, int n) {
        double sum = 0;
        for (int k = 0; k < 10_000; k++) {
            double term = 1 - Math.pow(1 - Math.pow(p, k), n);
            sum += term;
            if (term < 1e-9) {
                break;
            }
        }
        return sum;
    }

    private static boolean report(DcuCloud cloud, DcuProcess dcu, List<String> ids, List<String> sampled, Run run, Instant start, Instant end,
            long heapMax, int heapSamples, Map<String, JsonObject> readsBefore, Map<String, JsonObject> readsAfter,
            int readSeconds) throws Exception {
        String log = dcu.output();
        Instant bcastStart = null;
        int blocks = 0;
        int inBroadcast = 0;
        Matcher m = START.matcher(log);
        while (m.find()) {
            if (m.group(4).startsWith("bus-a")) {
                bcastStart = logTime(m.group(1));
                blocks = Integer.parseInt(m.group(2));
                inBroadcast = Integer.parseInt(m.group(3));
                break;
            }
        }
        if (bcastStart == null) {
            throw new IllegalStateException("the DCU never broadcast on bus-a; see its log " + log.length() + " chars");
        }
        Map<Integer, long[]> rounds = new LinkedHashMap<>(); // round -> {blocks sent, ms}
        Instant bcastEnd = bcastStart;
        Matcher r = ROUND.matcher(log);
        while (r.find()) {
            rounds.put(Integer.parseInt(r.group(3)), new long[] {Long.parseLong(r.group(4)), Long.parseLong(r.group(5))});
            bcastEnd = logTime(r.group(1));
        }
        Instant lastTransferred = start;
        Instant lastVerified = start;
        int verified = 0;
        int byBroadcast = 0;
        for (String id : ids) {
            JsonObject h = cloud.get(DCU, "campaign.history", "{\"id\": \"" + CAMPAIGN + "\", \"meterId\": \"" + id + "\"}");
            for (JsonElement e : h.getAsJsonArray("transitions")) {
                JsonObject t = e.getAsJsonObject();
                Instant at = Instant.parse(t.get("at").getAsString());
                switch (t.get("to").getAsString()) {
                    case "TRANSFERRED" -> lastTransferred = max(lastTransferred, at);
                    case "VERIFIED" -> {
                        lastVerified = max(lastVerified, at);
                        verified++;
                    }
                    case "TRANSFERRING" -> byBroadcast += t.toString().contains("by broadcast") ? 1 : 0;
                    default -> { }
                }
            }
        }
        long missed = 0;
        long done = 0;
        for (String id : sampled) {
            missed += readsAfter.get(id).get("missed").getAsLong() - readsBefore.get(id).get("missed").getAsLong();
            done += readsAfter.get(id).get("done").getAsLong() - readsBefore.get(id).get("done").getAsLong();
        }
        double total = secs(start, lastVerified);
        double prepare = secs(start, bcastStart);
        double perMeter = prepare / Math.max(1, inBroadcast);
        double passes = passes(run.loss, run.meters);
        double bound = run.meters * perMeter + run.floor * passes;
        double target = run.meters <= 200 ? 3 : 6;
        System.out.printf("Meter campaign on the real DCU over ONE shared emulated %d baud medium (pty, HDLC, 8N1, half"
                + " duplex): %d ciphering meters (HLS-GMAC, suite 0), %s per meter, %d KiB image (%d blocks), ciphered"
                + " broadcast by the agent, reads every %d s; %d cores, %s%n", run.baud, run.meters, run.channel(),
                run.kib, blocks, readSeconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        System.out.printf("%-66s %10s %9s %10s%n", "figure", "s", "x floor", "target");
        row("floor: size x 10 / baud (reference)", run.floor, run.floor, "");
        row("per-meter preparation (association, checks, initiate), " + inBroadcast + " meters", prepare, run.floor, "");
        for (Map.Entry<Integer, long[]> e : rounds.entrySet()) {
            row("broadcast round " + e.getKey() + ": " + e.getValue()[0] + " blocks" + (e.getKey() == 1 ? "" : " (bitmaps read"
                    + " before)"), e.getValue()[1] / 1e3, run.floor, "");
        }
        row("broadcast phase (first block to the last round's end, bitmaps included)", secs(bcastStart, bcastEnd), run.floor,
                "");
        row("point-to-point repair (to the last meter TRANSFERRED)", secs(bcastEnd, max(bcastEnd, lastTransferred)),
                run.floor, "");
        row("verification (to the last meter VERIFIED)", secs(max(bcastEnd, lastTransferred), lastVerified), run.floor,
                "");
        row("start command to every meter holding a verified image", total, run.floor, "<= " + (int) target + "x");
        row("lower bound, class 18 without coding: N x %.2f s + floor x %.3f passes".formatted(perMeter, passes), bound,
                run.floor, "");
        System.out.printf("%-66s %10d%n", "meters verified", verified);
        System.out.printf("%-66s %10d%n", "meters that took their blocks by broadcast", byBroadcast);
        System.out.printf("%-66s %10d / %d%n", "reads during the campaign, " + sampled.size() + " meters sampled: missed / done", missed, done);
        System.out.printf("%-66s %10.1f MB (max of %d samples)%n", "DCU heap after GC during the campaign (-Xmx64m)",
                heapMax / 1e6, heapSamples);
        String ref = "floor %.1f s (%d KiB, %d baud), %d meters, %s".formatted(run.floor, run.kib, run.baud, run.meters,
                run.channel());
        boolean met = Figures.print(run.key() + ".verified", total / run.floor, "x floor", "<= " + (int) target + "x floor",
                ref + "; %.1f s; lower bound %.1f s".formatted(total, bound), run.floor, total / run.floor <= target);
        Figures.info(run.key() + ".lower-bound", bound / run.floor, "x floor", ref, run.floor);
        met &= Figures.print(run.key() + ".heap", heapMax / 1e6, "MB", "< 64 MB", "heap after GC, -Xmx64m", null,
                heapMax < 64_000_000L);
        met &= Figures.print(run.key() + ".reads-missed", missed, "reads", "0", done + " reads done on " + sampled.size()
                + " sampled meters", null, missed == 0);
        met &= Figures.print(run.key() + ".all-verified", verified, "meters", "all " + run.meters, "-", null,
                verified == run.meters);
        return met;
    }

    private static Instant logTime(String t) {
        return LocalDateTime.parse(t, LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1e3;
    }

    private static void row(String name, double seconds, double floor, String target) {
        System.out.printf("%-66s %10.1f %9.3f %10s%n", name, seconds, seconds / floor, target);
    }
}
