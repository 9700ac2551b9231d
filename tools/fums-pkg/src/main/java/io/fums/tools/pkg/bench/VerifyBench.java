package io.fums.tools.pkg.bench;

import io.fums.crypto.KeyRole;
import io.fums.crypto.PackageKind;
import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import io.fums.crypto.ReleaseNotes;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.VerifiedPackage;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.pkg.DefaultPackageVerifier;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.pkg.PackageBuilder;
import io.fums.crypto.pkg.PackageLimits;
import io.fums.crypto.pkg.PackageSigner;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import io.fums.api.device.DeviceType;
import io.fums.api.firmware.FirmwareVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Package verification throughput against {@code sha256sum} on the same
 * payload file, in the same run. Usage:
 * {@code VerifyBench [--size-mb 16] [--runs 9] [--dir DIR] [--keep]}.
 *
 * <p>Both sides read from the page cache (the files were just written and
 * are read once before timing). The sha256sum figure is given as measured
 * (one process per run) and net of process start-up (a run on an empty file
 * subtracted); the ratio uses the net figure, the stricter comparison.
 */
public final class VerifyBench {

    private VerifyBench() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = 16;
        int runs = 9;
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb": sizeMb = Integer.parseInt(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--dir": dir = Path.of(args[++i]); break;
                case "--keep": keep = true; break;
                default:
                    System.err.println("usage: VerifyBench [--size-mb N] [--runs N] [--dir DIR] [--keep]");
                    System.exit(2);
            }
        }
        Path work = dir == null ? Files.createTempDirectory("fums-verify-bench") : Files.createDirectories(dir);
        try {
            run(work, sizeMb, runs);
        } finally {
            if (!keep && dir == null) {
                try (Stream<Path> s = Files.walk(work)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(Path work, int sizeMb, int runs) throws Exception {
        long size = (long) sizeMb << 20;
        Path payload = work.resolve("payload.bin");
        writeRandom(payload, size);
        SecureRandom random = new SecureRandom();
        SigningKey vendor = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, random);
        SigningKey utility = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, random);
        KeyRing ring = KeyRing.of(new TrustStore(List.of(trusted(vendor, KeyRole.VENDOR), trusted(utility, KeyRole.UTILITY)),
                Map.of(), Set.of()));
        PackageManifest template = new PackageManifest(1, PackageKind.METER_FIRMWARE, "bench-fw", FirmwareVersion.parse("1.0.0"),
                "Bench", List.of(DeviceType.of("BENCH-1")), Map.of(), new ReleaseNotes(List.of(), List.of()),
                List.of(new PayloadInfo("placeholder", 0, "0".repeat(64))), Instant.now(), false);
        Path pkg = work.resolve("bench.zip");
        new PackageBuilder(template).payload(payload, "image.bin").build(pkg);
        PackageSigner.sign(pkg, pkg, vendor, KeyRole.VENDOR, PackageLimits.DEFAULTS);
        PackageSigner.sign(pkg, pkg, utility, KeyRole.UTILITY, PackageLimits.DEFAULTS);
        DefaultPackageVerifier verifier = new DefaultPackageVerifier(TrustSource.fixed(ring), PackageLimits.DEFAULTS);
        Path empty = Files.write(work.resolve("empty.bin"), new byte[0]);

        String expected = null;
        for (int i = 0; i < 5; i++) {
            expected = verifier.verify(pkg, VerifyOptions.none()).payloadSha256().get("image.bin");
        }
        String sum = sha256sum(payload);
        if (!sum.startsWith(expected)) {
            throw new IllegalStateException("sha256sum disagrees: " + sum + " vs " + expected);
        }
        sha256sum(empty);

        double[] verify = new double[runs];
        double[] tool = new double[runs];
        double[] spawn = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            VerifiedPackage v = verifier.verify(pkg, VerifyOptions.none());
            verify[i] = (System.nanoTime() - t0) / 1e9;
            if (!v.payloadSha256().get("image.bin").equals(expected)) {
                throw new IllegalStateException("hash changed");
            }
            t0 = System.nanoTime();
            sha256sum(payload);
            tool[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            sha256sum(empty);
            spawn[i] = (System.nanoTime() - t0) / 1e9;
        }
        double mb = size / 1e6;
        double verifyRate = mb / median(verify);
        double toolRate = mb / median(tool);
        double netTool = median(tool) - median(spawn);
        double toolNetRate = mb / netTool;
        System.out.printf("payload %d MiB (%.1f MB), package %d bytes, %d timed runs each (medians; MB = 10^6 bytes)%n",
                sizeMb, mb, Files.size(pkg), runs);
        System.out.printf("fums verify (2 ECDSA P-256 signatures, ZIP checks, SHA-256 + CRC-32 of the payload): %8.1f MB/s  (best %.1f)%n",
                verifyRate, mb / min(verify));
        System.out.printf("sha256sum as measured (process per run):                                      %8.1f MB/s  (best %.1f)%n",
                toolRate, mb / min(tool));
        System.out.printf("sha256sum net of process start-up (%.2f ms):                                   %8.1f MB/s%n",
                median(spawn) * 1000, toolNetRate);
        double ratio = verifyRate / toolNetRate;
        System.out.printf("ratio verify / sha256sum (net): %.0f%%  (as measured: %.0f%%); target >= 70%%: %s%n",
                ratio * 100, verifyRate / toolRate * 100, ratio >= 0.70 ? "MET" : "NOT MET");
        // machine-readable figure line, collected by bench/all.sh (docs/benchmarks.md)
        System.out.println(String.format(java.util.Locale.ROOT, "FIGURE {\"figure\": \"pkg-verify.throughput\", \"value\": %.1f,"
                + " \"unit\": \"MB/s\", \"target\": \">= 70%% of sha256sum\", \"reference\": \"sha256sum net of start-up"
                + " %.1f MB/s; %.0f %%\", \"referenceValue\": %.1f, \"met\": %b}", verifyRate, toolNetRate, ratio * 100,
                toolNetRate, ratio >= 0.70));
        opensslReference(payload, empty, runs, mb, verifyRate);
        System.out.println("java " + System.getProperty("java.version") + " on " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
    }

    /** A second reference, if openssl is installed: it uses the CPU's SHA instructions where sha256sum may not. */
    private static void opensslReference(Path payload, Path empty, int runs, double mb, double verifyRate) {
        try {
            exec("openssl", "dgst", "-sha256", payload.toString());
            double[] t = new double[runs];
            double[] spawn = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                exec("openssl", "dgst", "-sha256", payload.toString());
                t[i] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                exec("openssl", "dgst", "-sha256", empty.toString());
                spawn[i] = (System.nanoTime() - t0) / 1e9;
            }
            double net = mb / (median(t) - median(spawn));
            System.out.printf("reference: openssl dgst -sha256 net of start-up (%.2f ms):                     %8.1f MB/s"
                    + "  (verify / openssl: %.0f%%)%n", median(spawn) * 1000, net, verifyRate / net * 100);
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("reference: openssl not available (" + e.getMessage() + ")");
        }
    }

    private static TrustedKey trusted(SigningKey k, KeyRole role) {
        return new TrustedKey(k.keyId(), role, k.algorithm(), k.publicKey().pem(), "bench");
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random r = new Random(1);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    private static String sha256sum(Path file) throws IOException, InterruptedException {
        return exec("sha256sum", file.toString());
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (p.waitFor() != 0) {
            throw new IOException(command[0] + " failed: " + out);
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }
}
