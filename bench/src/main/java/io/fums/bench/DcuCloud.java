package io.fums.bench;

import com.google.gson.JsonObject;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.FumsConsole;
import io.fums.emulator.console.Response;
import io.fums.features.dcu.CloudTls;
import io.fums.features.dcu.DcuProcess;
import io.fums.features.dcu.MeterFleet;
import io.fums.features.dcu.SwapFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks on the real DCU share: the unpacked distribution
 * (bench/target/inputs/fums-dcu.tar.gz), the embedded MQTT 5 broker, the
 * package and operator keys, and the operator's console (its commands run
 * in this JVM, as {@code fums-console} runs them).
 */
final class DcuCloud implements AutoCloseable {

    final Path work;
    final Path home;
    final EmbeddedBroker broker;
    final CloudTls cloud;
    final SwapFixtures keys;
    final Path operatorKey;
    final ConsoleClient client;
    private final SigningKey operator;

    DcuCloud(Path work, Path inputs) throws Exception {
        this.work = work;
        System.setProperty("fums.testBundles", inputs.toString());
        keys = new SwapFixtures();
        home = DcuProcess.unpack(work.resolve("dist"), inputs.resolve("fums-dcu.tar.gz"));
        // TLS with client certificates, as a utility runs it (SEC-1): the figures include the TLS cost
        BrokerPki pki = BrokerPki.create(work.resolve("pki"));
        broker = EmbeddedBroker.builder().tls(pki.listener(freePort())).persistent(work.resolve("broker")).build()
                .start();
        cloud = new CloudTls(pki, broker.tlsUrl());
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        operatorKey = Files.writeString(work.resolve("operator.key.pem"), EcKeys.privateKeyPem(operator));
        client = ConsoleClient.connect(cloud.console());
    }

    /** Starts the DCU {@code id} with {@code conf} on a new data folder; returns once it is up and online at the broker. */
    DcuProcess start(String id, Path data, Path conf) throws Exception {
        return start(id, data, conf, Map.of());
    }

    /**
     * As {@link #start(String, Path, Path)}, with more environment (e.g. FUMS_JAVA_OPTS). The conf's meters.json
     * holds no key (SEC-1, {@link MeterFleet#conf}): the meters' keys of {@link MeterFleet#keysFile(Path)}, if
     * there is one, are provisioned through the console once the DCU is online, and the time it took printed.
     */
    DcuProcess start(String id, Path data, Path conf, Map<String, String> env) throws Exception {
        keys.writeTrustStore(data, operator);
        cloud.configure(conf, id);
        Instant since = Instant.now();
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(cloud.env(id));
        DcuProcess dcu = DcuProcess.start(home, data, work.resolve(id + ".log"),
                List.of("--data", data.toString(), "--conf", conf.toString()), all);
        if (!dcu.awaitState("up", Duration.ofSeconds(120))) {
            dcu.close();
            throw new IllegalStateException("the DCU did not come up; see " + work.resolve(id + ".log"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!online(id, since)) {
            if (System.nanoTime() > deadline) {
                dcu.close();
                throw new IllegalStateException(id + " did not come online at the broker; see " + work.resolve(id + ".log"));
            }
            Thread.sleep(200);
        }
        Path meterKeys = MeterFleet.keysFile(conf);
        if (Files.exists(meterKeys)) {
            long t0 = System.nanoTime();
            while (!client.fleetState(Duration.ofMillis(300)).getOrDefault(id, new JsonObject()).has("keyAgreementKey")) {
                if (System.nanoTime() > deadline) {
                    dcu.close();
                    throw new IllegalStateException(id + " published no key-agreement key; see " + work.resolve(id + ".log"));
                }
                Thread.sleep(200);
            }
            String out = console("meters", "keys", id, "--keys-file", meterKeys.toString());
            System.out.printf("%s: %s (%d ms)%n", id, out.strip(), (System.nanoTime() - t0) / 1_000_000);
        }
        return dcu;
    }

    private boolean online(String id, Instant since) {
        try {
            JsonObject state = client.fleetState(Duration.ofMillis(300)).get(id);
            return state != null && state.has("online") && state.get("online").getAsBoolean()
                    && Instant.parse(state.get("time").getAsString()).isAfter(since);
        } catch (Exception e) {
            return false;
        }
    }

    /** A copy of the distribution's conf in {@code dir}. */
    Path conf(Path dir) throws IOException {
        DcuProcess.copyTree(home.resolve("conf"), dir);
        return dir;
    }

    /** Runs a console command as the operator; returns its output, failing on a non-zero exit code. */
    String console(String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(cloud.consoleArgs());
        all.addAll(List.of("-k", operatorKey.toString()));
        int rc = FumsConsole.commandLine(new PrintWriter(out, true), new PrintWriter(out, true)).execute(all.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("fums-console " + String.join(" ", args) + ": exit code " + rc + "\n" + out);
        }
        return out.toString();
    }

    /** A read-only request to the DCU; its data. */
    JsonObject get(String dcu, String operation, String body) throws Exception {
        Response r = client.request(dcu, operation, body, null).get(120, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new IllegalStateException(operation + ": " + r.code() + " " + r.message());
        }
        return r.dataObject();
    }

    /** Stages a meter-firmware package on the DCU; returns the package's SHA-256 (the campaign's firmware id). */
    String stage(String dcu, Path pkg) throws Exception {
        console("firmware", "stage", dcu, pkg.toString());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pkg)));
    }

    /** Heap in use after a full GC of the process {@code pid} (Serial GC: young + tenured "used"), via jcmd. */
    static long heapAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^\\s*(def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K")
                .matcher(info);
        int parts = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(2)) * 1024;
            parts++;
        }
        if (parts == 0) {
            throw new IllegalStateException("cannot read jcmd GC.heap_info:\n" + info);
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.exists(java) ? java.toString() : "jcmd", Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }

    /** Deletes a benchmark's work folder (kept when the benchmark failed, for its logs). */
    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        client.close();
        broker.close();
    }
}
