package io.fums.demo;

import com.google.gson.JsonObject;
import io.fums.crypto.DlmsKeys;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.runtime.KeyExport;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.features.dcu.CloudTls;
import io.fums.features.dcu.DcuProcess;
import io.fums.features.dcu.SwapFixtures;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The demo's cast, started in order and stopped in reverse: the embedded
 * broker, the emulated meters, the DCU distribution as its own process and
 * the console's MQTT client. {@link #close()} may be called twice (Ctrl-C and
 * the normal end).
 */
final class DemoStage implements AutoCloseable {

    static final String DCU_ID = "DCU-DEMO-0001";

    final DemoSettings settings;
    final PrintStream out;
    final SwapFixtures packages;
    final SigningKey operator;
    final Path operatorKey;
    final KeyPair meterVendor = VendorKeys.generate();
    EmbeddedBroker broker;
    CloudTls cloud;
    MeterEmulator emulator;
    DcuProcess dcu;
    ConsoleClient client;
    Path home;
    private boolean closed;

    DemoStage(DemoSettings settings, PrintStream out) throws Exception {
        this.settings = settings;
        this.out = out;
        System.setProperty("fums.testBundles", settings.inputs().toString());
        packages = new SwapFixtures();
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        Files.createDirectories(settings.work());
        operatorKey = Files.writeString(settings.work().resolve("operator.key.pem"), EcKeys.privateKeyPem(operator));
    }

    /** The broker with one listener, TLS with client certificates of the demo's throwaway PKI required. */
    void startBroker() throws Exception {
        BrokerPki pki = BrokerPki.create(settings.work().resolve("pki"));
        broker = EmbeddedBroker.builder().tls(pki.listener(freePort())).persistent(settings.work().resolve("broker"))
                .build().start();
        cloud = new CloudTls(pki, broker.tlsUrl());
    }

    void startMeters() throws Exception {
        Path dir = settings.work().resolve("meters");
        Files.createDirectories(dir);
        VendorKeys.write(meterVendor.getPublic(), dir.resolve("vendor.pub.pem"));
        int base = portBase(settings.meters());
        String faults = String.join(",", settings.faults().entries("m", settings.suite0Meters()));
        // suite 1 meters trust the DCU's DLMS client key: it is made first, in the DCU's data folder (0600)
        String suite1 = "";
        if (settings.suite1Meters() > 0) {
            Path key = dcuData().resolve(DlmsKeys.CLIENT_KEY_FILE);
            DlmsKeys.loadOrCreateClientKey(key);
            suite1 = """
                    , {"id": "e", "count": %d, "tcpPortBase": %d, "link": {"baud": %d},
                       "security": {"authentication": "high-ecdsa", "clientPublicKey": "%s"}}"""
                    .formatted(settings.suite1Meters(), base + settings.suite0Meters(), settings.baud(),
                            key.resolveSibling(key.getFileName() + ".pub.pem").toAbsolutePath());
        }
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 1500, "activateMillis": 800, "selfCheckMillis": 800, "deviceType": "FUMS-EM-1"},
                 "groups": [{"id": "m", "count": %d, "tcpPortBase": %d, "link": {"baud": %d}}%s],
                 "meters": [%s]}
                """.formatted(settings.suite0Meters(), base, settings.baud(), suite1, faults));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        emulator = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(120)));
        home = DcuProcess.unpack(settings.work().resolve("dist"), settings.inputs().resolve("fums-dcu.tar.gz"));
        Path conf = settings.work().resolve("conf");
        if (!Files.exists(conf)) {
            DcuProcess.copyTree(home.resolve("conf"), conf);
        }
        // SEC-1: the DCU's inventory says "keyRef": "store"; the keys are the meter vendor's export, provisioned
        // from the cloud once the DCU is up (DemoStory)
        KeyExport.write(emulator, config, "127.0.0.1", conf.resolve("meters.json"), meterKeys());
        Files.writeString(conf.resolve("config/io.fums.meter.reading.json"),
                "{\"readIntervalSeconds\": " + settings.readSeconds() + ", \"readTimeoutSeconds\": 10}\n");
        Files.writeString(conf.resolve("config/io.fums.meter.upgrade.json"), "{\"pollIntervalMillis\": 250, \"pollTimeoutSeconds\": 120}\n");
    }

    /** The meters' keys as the meter vendor exports them (the console's many-meter keys file), outside the conf. */
    Path meterKeys() {
        return settings.work().resolve("meter-keys.txt");
    }

    /** The DCU's data folder. */
    Path dcuData() {
        return settings.work().resolve("dcu-data");
    }

    void startDcu() throws Exception {
        Path data = dcuData();
        packages.writeTrustStore(data, operator);
        Path conf = cloud.configure(settings.work().resolve("conf"), DCU_ID);
        Instant since = Instant.now();
        dcu = DcuProcess.start(home, data, settings.work().resolve("dcu.log"),
                List.of("--data", data.toString(), "--conf", conf.toString()), cloud.env(DCU_ID));
        if (!dcu.awaitState("up", Duration.ofSeconds(90))) {
            throw new IllegalStateException("the DCU did not come up; see " + settings.work().resolve("dcu.log"));
        }
        client = ConsoleClient.connect(cloud.console());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var state = client.fleetState(Duration.ofMillis(300)).get(DCU_ID);
            if (state != null && state.get("online").getAsBoolean() && Instant.parse(state.get("time").getAsString()).isAfter(since)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the DCU did not come online at the broker");
    }

    /**
     * The DCU's retained state once it reports the meter inventory it loaded
     * (the {@code meters} section appears when the reading bundle has its
     * inventory), or the last state seen after {@code timeout}; null if none.
     */
    JsonObject awaitInventory(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject state = null;
        do {
            JsonObject seen = client.fleetState(Duration.ofMillis(300)).get(DCU_ID);
            state = seen == null ? state : seen;
            if (state != null && state.has("meters") && state.getAsJsonObject("meters").get("available").getAsBoolean()) {
                return state;
            }
        } while (System.nanoTime() < deadline);
        return state;
    }

    /** The meter firmware image, signed by the meters' vendor. */
    byte[] image(String version) throws Exception {
        return ImageSigner.build(new ImageHeader(version, "FUMS-EM-1", 0), settings.imageKib() * 1024, 42, meterVendor.getPrivate());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A base with {@code n} free ports, below the ephemeral range. */
    private static int portBase(int n) throws Exception {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(Math.max(1, 12_000 - n));
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("127.0.0.1", p));
                } catch (java.io.IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no range of " + n + " free ports");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client != null) {
                client.close();
            }
            if (dcu != null) {
                out.println("fums-demo: stopping the DCU (SIGTERM) ...");
                dcu.terminate(Duration.ofSeconds(60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println("fums-demo: stopping the DCU: " + e);
        }
        if (emulator != null) {
            emulator.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
