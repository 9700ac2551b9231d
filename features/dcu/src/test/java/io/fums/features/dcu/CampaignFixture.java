package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.emulator.broker.MosquittoBroker;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.FumsConsole;
import io.fums.emulator.console.Response;
import io.fums.testsupport.Conditions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the campaign end-to-end tests share: the unpacked distribution, an
 * MQTT broker, signing keys, and the console run as the operator runs it.
 */
final class CampaignFixture implements AutoCloseable {

    static final Duration UP = Duration.ofSeconds(90);

    final Path tmp;
    final Path home;
    final Broker broker;
    final SwapFixtures keys = new SwapFixtures();
    final SigningKey operator;
    final Path operatorKey;
    /** A second operator, for dual control (SEC-4): trusted like the first. */
    final SigningKey operator2;
    final Path operator2Key;
    final ConsoleClient client;

    /**
     * The MQTT broker of a test: the embedded HiveMQ CE, or Mosquitto (the Debian package) for
     * interoperability; either with one listener, TLS with client certificates required ({@link CloudTls}).
     */
    interface Broker extends AutoCloseable {
        /** The TLS listener, ssl://localhost:port. */
        default String url() {
            return tls().url();
        }

        /** How DCUs and the console reach it. */
        CloudTls tls();

        void stop() throws Exception;

        void start() throws Exception;

        @Override
        void close() throws Exception;

        static Broker embedded(Path dir) {
            BrokerPki pki = BrokerPki.create(dir.resolve("pki"));
            EmbeddedBroker b = EmbeddedBroker.builder().tls(pki).persistent(dir.resolve("data")).build().start();
            CloudTls tls = new CloudTls(pki, b.tlsUrl());
            return new Broker() {
                public CloudTls tls() {
                    return tls;
                }

                public void stop() {
                    b.stop();
                }

                public void start() {
                    b.start();
                }

                public void close() {
                    b.close();
                }
            };
        }

        static Broker mosquitto(Path dir) throws Exception {
            BrokerPki pki = BrokerPki.create(dir.resolve("pki"));
            MosquittoBroker b = MosquittoBroker.withTls(dir, pki).start();
            CloudTls tls = new CloudTls(pki, b.tlsUrl());
            return new Broker() {
                public CloudTls tls() {
                    return tls;
                }

                public void stop() throws Exception {
                    b.stop();
                }

                public void start() throws Exception {
                    b.start();
                }

                public void close() throws Exception {
                    b.close();
                }
            };
        }
    }

    CampaignFixture(Path tmp) throws Exception {
        this(tmp, Broker.embedded(tmp.resolve("broker")));
    }

    CampaignFixture(Path tmp, Broker broker) throws Exception {
        this.tmp = tmp;
        home = DcuProcess.unpack(tmp.resolve("dist"));
        this.broker = broker;
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        operatorKey = Files.writeString(tmp.resolve("operator.key.pem"), EcKeys.privateKeyPem(operator));
        operator2 = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        operator2Key = Files.writeString(tmp.resolve("operator2.key.pem"), EcKeys.privateKeyPem(operator2));
        client = ConsoleClient.connect(broker.tls().console());
    }

    /**
     * Starts the DCU {@code id} on {@code data} with {@code conf} (its cloud link configured there for TLS with
     * a client certificate, {@link CloudTls#configure}); waits until it is up and online. At the first start on
     * {@code data}, provisions the meters' keys of {@link MeterFleet#keysFile(Path)} if there is one (SEC-1: the
     * conf holds none), as an operator does: the console, signed, sealed to the DCU's key-agreement key.
     */
    DcuProcess start(String id, Path data, Path conf) throws Exception {
        // the DCU's key-agreement key is made at its first start on data (a test may put other keys there before)
        boolean first = !Files.exists(data.resolve("keys/dcu-kem.key.pem"));
        keys.writeTrustStore(data, List.of(operator, operator2));
        broker.tls().configure(conf, id);
        java.time.Instant since = java.time.Instant.now();
        DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve(id + "-" + System.nanoTime() + ".log"),
                List.of("--data", data.toString(), "--conf", conf.toString()), broker.tls().env(id));
        assertThat(dcu.awaitState("up", UP)).as("status up; output:\n%s", dcu.output()).isTrue();
        assertThat(Conditions.within(UP, () -> online(id, since)))
                .as("%s online at the broker; output:\n%s", id, dcu.output()).isTrue();
        Path keys = MeterFleet.keysFile(conf);
        if (first && Files.exists(keys)) {
            long t0 = System.nanoTime();
            assertThat(Conditions.within(UP, () -> {
                JsonObject s = client.fleetState(Duration.ofMillis(300)).get(id);
                return s != null && s.has("keyAgreementKey");
            })).as("%s publishes its key-agreement key; output:\n%s", id, dcu.output()).isTrue();
            String out = console("meters", "keys", id, "--keys-file", keys.toString());
            System.out.printf("SEC-1: %s: %s (%d ms)%n", id, out.strip(), (System.nanoTime() - t0) / 1_000_000);
        }
        return dcu;
    }

    /** True if the DCU's retained state says online and was published after {@code since} (by this start). */
    boolean online(String id, java.time.Instant since) {
        try {
            JsonObject state = client.fleetState(Duration.ofMillis(300)).get(id);
            return state != null && state.has("online") && state.get("online").getAsBoolean()
                    && java.time.Instant.parse(state.get("time").getAsString()).isAfter(since);
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs a console command with the broker and operator key; returns its output, asserting exit code 0. */
    String console(String... args) {
        return console(0, args);
    }

    /** Runs a console command with the broker and operator key; returns its output, asserting exit code {@code rc}. */
    String console(int expectedRc, String... args) {
        ConsoleRun run = run(args);
        assertThat(run.rc()).as("console %s:\n%s", String.join(" ", args), run.out()).isEqualTo(expectedRc);
        return run.out();
    }

    /** A console command's exit code and output (standard output and error). */
    record ConsoleRun(int rc, String out) {
    }

    /** Runs a console command with the broker and operator key, whatever its exit code. */
    ConsoleRun run(String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(broker.tls().consoleArgs());
        all.addAll(List.of("-k", operatorKey.toString()));
        int rc = FumsConsole.commandLine(new PrintWriter(out, true), new PrintWriter(out, true)).execute(all.toArray(String[]::new));
        return new ConsoleRun(rc, out.toString());
    }

    /** A read-only request. */
    JsonObject get(String dcu, String operation, String body) throws Exception {
        Response r = client.request(dcu, operation, body, null).get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as("%s: %s %s", operation, r.code(), r.message()).isEqualTo("ok");
        return r.data().getAsJsonObject();
    }

    /** Stages a meter-firmware package on the DCU through the console; returns the package's SHA-256. */
    String stage(String dcu, Path pkg) throws Exception {
        console("firmware", "stage", dcu, pkg.toString());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pkg)));
    }

    @Override
    public void close() throws Exception {
        client.close();
        broker.close();
    }
}
