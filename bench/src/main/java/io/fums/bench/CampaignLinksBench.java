package io.fums.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.features.dcu.DcuProcess;
import io.fums.features.dcu.MeterFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (issue [7/8]): a meter-firmware campaign on the real DCU
 * distribution (bin/fums-dcu, its own process, default agent settings: 32
 * meter threads, one meter at a time per link) to N meters, each on its own
 * emulated serial link (the emulator's TCP wrapper with a link profile:
 * {@code baud / 10} bytes per second, half duplex). The console stages the
 * signed firmware and creates and starts the campaign over MQTT, as an
 * operator does. From each meter's journalled transitions
 * ({@code campaign.history}) it takes the time its link carried the image
 * (TRANSFERRING to TRANSFERRED) and the time from the start command to the
 * last meter holding the complete image, against the link floor
 * {@code size * 10 / baud} (273.1 s for 256 KiB at 9600 baud).
 * Target: all N meters hold the image within 1.15x the floor.
 *
 * <p>Usage: {@code CampaignLinksBench <inputs dir> [--kib 256] [--meters 32] [--baud 9600]}
 */
public final class CampaignLinksBench {

    private static final String DCU = "DCU-BENCH-LINKS";
    private static final String CAMPAIGN = "bench-links";

    private CampaignLinksBench() {
    }

    public static void main(String[] args) throws Exception {
        Path inputs = Path.of(args[0]).toAbsolutePath();
        int kib = 256;
        int meters = 32;
        int baud = 9600;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--kib" -> kib = Integer.parseInt(args[++i]);
                case "--meters" -> meters = Integer.parseInt(args[++i]);
                case "--baud" -> baud = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("fums-campaign-links");
        int size = kib * 1024;
        double floor = size * 10.0 / baud;
        boolean met;
        try (DcuCloud cloud = new DcuCloud(work, inputs);
                MeterFleet fleet = MeterFleet.start(work.resolve("meters"), """
                        "groups": [{"id": "m", "count": %d, "tcpPortBase": %d, "link": {"baud": %d}}]
                        """.formatted(meters, MeterFleet.freePortBase(meters), baud))) {
            Path conf = fleet.conf(cloud.home, cloud.conf(work.resolve("conf")), 900, baud);
            Files.delete(conf.resolve("config/io.fums.meter.upgrade.json")); // the agent's defaults, as shipped
            Path pkg = cloud.keys.meterFirmware(work.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", size, 7));
            Instant start;
            Instant end;
            CampaignWatcher.Outcome out;
            try (DcuProcess dcu = cloud.start(DCU, work.resolve("data"), conf)) {
                String firmware = cloud.stage(DCU, pkg);
                cloud.console("campaign", "create", DCU, "--id", CAMPAIGN, "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--waves", "rest", "--concurrency", "1", "--max-attempts", "3", "--backoff", "1",
                        "--error-threshold", "50%");
                try (CampaignWatcher watcher = CampaignWatcher.watch(cloud.client, DCU, CAMPAIGN).start()) {
                    start = Instant.now();
                    cloud.console("campaign", "start", DCU, CAMPAIGN);
                    out = watcher.await(Duration.ofSeconds((long) (floor * 3) + 300));
                    end = Instant.now();
                }
                if (!out.completed()) {
                    throw new IllegalStateException("campaign " + out.state() + ": " + out.status() + "\nsee " + dcu.output());
                }
                met = report(cloud, fleet.meterIds(), kib, meters, baud, floor, start, end);
                dcu.terminate(Duration.ofSeconds(60));
            }
        }
        DcuCloud.deleteTree(work);
        System.out.println("result: " + (met ? "target met" : "target missed"));
        if (!met) {
            System.exit(3);
        }
    }

    private static boolean report(DcuCloud cloud, List<String> ids, int kib, int meters, int baud, double floor, Instant start,
            Instant end) throws Exception {
        Map<String, Double> link = new LinkedHashMap<>();
        double lastTransferred = 0;
        int succeeded = 0;
        for (String id : ids) {
            Map<String, Instant> at = new LinkedHashMap<>();
            JsonObject h = cloud.get(DCU, "campaign.history", "{\"id\": \"" + CAMPAIGN + "\", \"meterId\": \"" + id + "\"}");
            for (JsonElement e : h.getAsJsonArray("transitions")) {
                JsonObject t = e.getAsJsonObject();
                at.put(t.get("to").getAsString(), Instant.parse(t.get("at").getAsString()));
            }
            if (!at.containsKey("TRANSFERRING") || !at.containsKey("TRANSFERRED")) {
                throw new IllegalStateException(id + " has no transfer in its history: " + h);
            }
            link.put(id, Duration.between(at.get("TRANSFERRING"), at.get("TRANSFERRED")).toMillis() / 1e3);
            lastTransferred = Math.max(lastTransferred, Duration.between(start, at.get("TRANSFERRED")).toMillis() / 1e3);
            succeeded += at.containsKey("SUCCEEDED") ? 1 : 0;
        }
        List<Double> sorted = new ArrayList<>(link.values());
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double slowest = sorted.get(sorted.size() - 1);
        String slowestId = link.entrySet().stream().filter(e -> e.getValue() == slowest).findFirst().orElseThrow().getKey();
        double total = Duration.between(start, end).toMillis() / 1e3;
        System.out.printf("Meter campaign on the real DCU: %d meters, each on its own emulated %d baud link (8N1, half duplex,"
                + " TCP wrapper), %d KiB image, %d cores, %s%n", meters, baud, kib, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        System.out.printf("%-52s %10s %10s %12s%n", "figure", "s", "x floor", "target");
        row("link floor, size*10/baud (reference)", floor, floor, "");
        row("per link: image on the link, median of " + meters, median, floor, "");
        row("slowest link (" + slowestId + ")", slowest, floor, "<= 1.15");
        row("start command to all " + meters + " holding the image", lastTransferred, floor, "<= 1.15");
        row("start command to campaign COMPLETED (verify, activate)", total, floor, "");
        System.out.printf("%-52s %7d/%-3d%n", "meters SUCCEEDED", succeeded, meters);
        String ref = "link floor %.1f s (%d KiB, %d baud)".formatted(floor, kib, baud);
        boolean met = Figures.print("campaign-links.all-received", lastTransferred / floor, "x floor", "<= 1.15x floor",
                ref + "; %.1f s".formatted(lastTransferred), floor, lastTransferred / floor <= 1.15);
        met &= Figures.print("campaign-links.slowest-link", slowest / floor, "x floor", "<= 1.15x floor",
                ref + "; %.1f s".formatted(slowest), floor, slowest / floor <= 1.15);
        Figures.info("campaign-links.median-link", median / floor, "x floor", ref + "; %.1f s".formatted(median), floor);
        Figures.info("campaign-links.completed", total, "s", ref, floor);
        met &= Figures.print("campaign-links.succeeded", succeeded, "meters", "all " + meters, "-", null, succeeded == meters);
        return met;
    }

    private static void row(String name, double seconds, double floor, String target) {
        System.out.printf("%-52s %10.1f %10.3f %12s%n", name, seconds, seconds / floor, target);
    }
}
