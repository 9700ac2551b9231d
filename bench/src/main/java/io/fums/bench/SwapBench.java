package io.fums.bench;

import io.fums.emulator.broker.BrokerPki;
import io.fums.features.dcu.CloudTls;
import io.fums.features.dcu.DcuProcess;
import io.fums.features.dcu.SwapFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark: time to swap one leaf bundle in the running DCU (CARD-1).
 *
 * <p>Starts the real distribution (bin/fums-dcu) with its console, then
 * applies N signed packages of the leaf feature, each a newer feature
 * version whose leaf bundle alternates between two builds, so that every
 * swap really updates, refreshes and starts the bundle. For each swap it
 * reads the DCU's own report ("swap ...: COMMITTED (T ms)": from the
 * transaction's journal entry to health confirmed and committed) and the
 * wall time of the whole apply command at the console (package verification
 * included). Prints median, p90, p99 and max; target: median under 500 ms.
 *
 * <p>Usage: {@code SwapBench <inputs dir> [N]}
 */
public final class SwapBench {

    private static final Pattern RESULT = Pattern.compile("swap [0-9a-f-]+: (COMMITTED|ROLLED_BACK) \\((\\d+) ms\\)");

    private SwapBench() {
    }

    public static void main(String[] args) throws Exception {
        Path inputs = Path.of(args.length > 0 ? args[0] : "bench/target/inputs").toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path work = Files.createTempDirectory("fums-swap-bench");
        System.setProperty("fums.testBundles", inputs.toString());
        System.setProperty("fums.distribution", inputs.resolve("fums-dcu.tar.gz").toString());
        Path home = DcuProcess.unpack(work.resolve("dist"), inputs.resolve("fums-dcu.tar.gz"));
        SwapFixtures fx = new SwapFixtures();
        Path data = work.resolve("data");
        fx.writeTrustStore(data);
        List<Path> packages = new ArrayList<>();
        for (int i = 1; i <= n + 1; i++) {
            packages.add(fx.leafFeature(work.resolve("packages"), "1.0." + i, i % 2 == 1 ? "leaf-v1" : "leaf-v2", ""));
        }
        Path conf = work.resolve("conf");
        DcuProcess.copyTree(home.resolve("conf"), conf);
        Path fp = conf.resolve("framework.properties");
        Files.writeString(fp, Files.readString(fp).replace("gosh.args=--nointeractive", "gosh.args=--noshutdown"));
        // the cloud link as the secure default wants it (ssl://, a client certificate); no broker: it runs unconnected
        new CloudTls(BrokerPki.create(work.resolve("pki")), "ssl://localhost:8883").configure(conf, "dcu-0001");
        Files.writeString(conf.resolve("logging.properties"),
                Files.readString(conf.resolve("logging.properties")).replace("defaultLogLevel=info", "defaultLogLevel=warn"));

        List<Long> swap = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        try (DcuProcess dcu = DcuProcess.start(home, data, work.resolve("dcu.log"),
                List.of("--data", data.toString(), "--conf", conf.toString()), Map.of())) {
            if (!dcu.awaitState("up", Duration.ofSeconds(60))) {
                throw new IllegalStateException("the DCU did not come up:\n" + dcu.output());
            }
            for (int i = 0; i < packages.size(); i++) {
                int seen = count(dcu.output());
                long t0 = System.nanoTime();
                dcu.command("fums:apply " + packages.get(i));
                Matcher m = awaitResult(dcu, seen);
                long t1 = System.nanoTime();
                if (!m.group(1).equals("COMMITTED")) {
                    throw new IllegalStateException("swap " + i + " rolled back:\n" + dcu.output());
                }
                if (i > 0) { // the first apply installs the feature; the rest swap it
                    swap.add(Long.parseLong(m.group(2)));
                    wall.add((t1 - t0) / 1_000_000);
                }
            }
            dcu.terminate(Duration.ofSeconds(60));
        }
        System.out.printf("DCU software swap of one leaf bundle: %d swaps, %d cores, %s%n", swap.size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        System.out.printf("%-52s %8s %8s %8s %8s %10s%n", "figure (ms)", "median", "p90", "p99", "max", "target");
        print("swap: journal -> health confirmed -> committed", swap, "< 500");
        print("apply at the console: verify + swap + commit", wall, "");
        boolean met = percentile(swap, 50) < 500;
        Figures.print("dcu-swap.median", percentile(swap, 50), "ms", "< 500 ms", "-", null, met);
        Figures.info("dcu-swap.p99", percentile(swap, 99), "ms", "-", null);
        Figures.info("dcu-swap.apply-median", percentile(wall, 50), "ms", "-", null);
        System.out.println("result: " + (met ? "target met" : "target missed"));
        if (!met) {
            System.exit(3);
        }
    }

    private static int count(String output) {
        Matcher m = RESULT.matcher(output);
        int c = 0;
        while (m.find()) {
            c++;
        }
        return c;
    }

    private static Matcher awaitResult(DcuProcess dcu, int seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = RESULT.matcher(dcu.output());
            int c = 0;
            while (m.find()) {
                if (++c > seen) {
                    return m;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("no swap result within 60 s:\n" + dcu.output());
    }

    private static void print(String name, List<Long> values, String target) {
        System.out.printf("%-52s %8d %8d %8d %8d %10s%n", name, percentile(values, 50), percentile(values, 90),
                percentile(values, 99), Collections.max(values), target);
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
