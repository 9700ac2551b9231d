package io.fums.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.features.dcu.DcuProcess;
import io.fums.features.dcu.MeterFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Benchmark (issue [7/8]): heap of the real DCU distribution (bin/fums-dcu,
 * its own JVM with the shipped jvm.options, -Xmx64m, Serial GC) with N
 * emulated TCP meters under management: inventory written by the emulator's
 * InventoryWriter into a copy of the conf, periodic reads every
 * {@code --read} seconds, connected to the MQTT broker. Waits until every
 * meter has been read once ({@code meters.list}, lastReadAt), then takes
 * the heap in use after a full GC ({@code jcmd GC.run} twice, {@code GC.heap_info})
 * three times, 5 s apart, and keeps the median. The DCU runs with
 * {@code -XX:SoftRefLRUPolicyMSPerMB=0} added (FUMS_JAVA_OPTS) so that each
 * full GC clears the soft references (caches): the figure is the heap the DCU
 * needs, not what it kept for a while (without it the samples vary by 2-3 MB
 * with the time since a cache was last used). Reference: the same DCU
 * with 0 meters, measured the same way in the same run, after the same
 * wait. Target: under 64 MB with 1,000 meters.
 *
 * <p>Usage: {@code DcuHeapBench <inputs dir> [--meters 1000] [--read 60]}
 */
public final class DcuHeapBench {

    private DcuHeapBench() {
    }

    public static void main(String[] args) throws Exception {
        Path inputs = Path.of(args[0]).toAbsolutePath();
        int meters = 1000;
        int readSeconds = 60;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--meters" -> meters = Integer.parseInt(args[++i]);
                case "--read" -> readSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("fums-dcu-heap");
        long[] with;
        long[] without;
        try (DcuCloud cloud = new DcuCloud(work, inputs)) {
            try (MeterFleet fleet = MeterFleet.start(work.resolve("meters"), """
                    "groups": [{"id": "m", "count": %d, "tcpPortBase": %d}]
                    """.formatted(meters, MeterFleet.freePortBase(meters)))) {
                Path conf = fleet.conf(cloud.home, cloud.conf(work.resolve("conf-n")), readSeconds, 9600);
                with = measure(cloud, "DCU-BENCH-HEAP-N", work.resolve("data-n"), conf, meters, readSeconds);
            }
            Path conf0 = cloud.conf(work.resolve("conf-0"));
            Files.writeString(conf0.resolve("meters.json"), "{\"links\": [], \"meters\": []}\n");
            Files.writeString(conf0.resolve("config/io.fums.meter.reading.json"),
                    "{\"readIntervalSeconds\": " + readSeconds + ", \"readTimeoutSeconds\": 10}\n");
            without = measure(cloud, "DCU-BENCH-HEAP-0", work.resolve("data-0"), conf0, 0, readSeconds);
        }
        DcuCloud.deleteTree(work);
        double mbWith = with[0] / 1048576.0;
        double mbWithout = without[0] / 1048576.0;
        System.out.printf("DCU heap with meters under management (real distribution, %s), read every %d s, %d cores, %s%n",
                "-Xmx64m Serial GC as shipped, soft references cleared at each GC", readSeconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        System.out.printf("%-40s %12s %12s %12s %12s%n", "figure (MB)", "after GC", "largest", "at start", "target");
        System.out.printf("%-40s %12.1f %12.1f %12.1f %12s%n", "DCU with 0 meters (reference)", mbWithout,
                without[2] / 1048576.0, without[1] / 1048576.0, "");
        System.out.printf("%-40s %12.1f %12.1f %12.1f %12s%n", "DCU with " + meters + " meters", mbWith, with[2] / 1048576.0,
                with[1] / 1048576.0, "< 64");
        System.out.printf("%-40s %12.1f%n", "  difference", mbWith - mbWithout);
        System.out.printf("%-40s %12.1f%n", "  per meter (KB)", meters == 0 ? 0 : (with[0] - without[0]) / 1024.0 / meters);
        boolean met = Figures.print("dcu-heap.meters-" + meters, mbWith, "MB", "< 64 MB with 1,000 meters",
                "same DCU with 0 meters %.1f MB".formatted(mbWithout), Math.round(mbWithout * 10) / 10.0, mbWith < 64);
        Figures.info("dcu-heap.per-meter", meters == 0 ? 0 : (with[0] - without[0]) / 1024.0 / meters, "KB",
                "difference to the 0-meter DCU over " + meters + " meters", null);
        System.out.println("result: " + (met ? "target met" : "target missed"));
        if (!met) {
            System.exit(3);
        }
    }

    /** {heap after GC (median of three), heap after start from status.properties, largest of the three}. */
    private static long[] measure(DcuCloud cloud, String id, Path data, Path conf, int meters, int readSeconds) throws Exception {
        // Every full GC clears every soft reference (caches), so that the figure is the heap the DCU needs,
        // not what it kept for a while: without this the samples vary by 2-3 MB with the time since last use.
        try (DcuProcess dcu = cloud.start(id, data, conf, Map.of("FUMS_JAVA_OPTS", "-XX:SoftRefLRUPolicyMSPerMB=0"))) {
            Instant up = Instant.now();
            long atStart = Long.parseLong(dcu.status().getProperty("heapUsedBytes"));
            long deadline = System.nanoTime() + Duration.ofSeconds(3L * readSeconds + 120).toNanos();
            int read = 0;
            // at least one read period boundary passed (for 0 meters too), then every meter read once
            Thread.sleep(Math.max(0, readSeconds * 1000L - System.currentTimeMillis() % (readSeconds * 1000L)) + 2000);
            while (true) {
                read = readSince(cloud, id, up);
                if (read >= meters) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(id + ": only " + read + " of " + meters + " meters read; see " + dcu.output());
                }
                Thread.sleep(5000);
            }
            System.out.printf("%s: %d of %d meters read %d s after the DCU was online%n", id, read, meters,
                    Duration.between(up, Instant.now()).toSeconds());
            long pid = dcu.process().pid();
            long[] used = new long[3];
            for (int i = 0; i < used.length; i++) {
                Thread.sleep(5000);
                used[i] = DcuCloud.heapAfterGc(pid);
                System.out.printf("%s: heap in use after GC %.1f MB%n", id, used[i] / 1048576.0);
            }
            if (dcu.terminate(Duration.ofSeconds(60)) != 0) {
                throw new IllegalStateException(id + ": non-zero exit code after SIGTERM");
            }
            java.util.Arrays.sort(used);
            return new long[] {used[1], atStart, used[2]};
        }
    }

    /** Meters of {@code meters.list} read since {@code since}. */
    private static int readSince(DcuCloud cloud, String id, Instant since) throws Exception {
        JsonObject list = cloud.get(id, "meters.list", "{}");
        int n = 0;
        for (JsonElement e : list.getAsJsonArray("meters")) {
            JsonElement last = e.getAsJsonObject().get("lastReadAt");
            if (last != null && !last.isJsonNull() && Instant.parse(last.getAsString()).isAfter(since.minusSeconds(5))) {
                n++;
            }
        }
        return n;
    }
}
