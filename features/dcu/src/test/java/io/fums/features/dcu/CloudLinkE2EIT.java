package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.FumsConsole;
import io.fums.emulator.console.Response;
import io.fums.testsupport.Conditions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the real DCU distribution (bin/fums-dcu as its own
 * process), the embedded MQTT 5 broker and the operator's console: a signed
 * deploy shows the new bundle version in the DCU's retained state; an unsigned
 * state-changing request is refused and audited; a killed DCU is marked
 * offline by its Will and comes back online.
 *
 * <p>Needs: io.fums.cloud.mqtt and io.fums.security in runtime.feature; test
 * dependencies io.fums:fums-emulator-broker and io.fums:fums-emulator-console;
 * {@code SwapFixtures.writeTrustStore(Path, SigningKey operator)} (the
 * existing trust store plus an operator key).
 *
 * <p>One instance per class holds the unpacked distribution and the broker
 * (costly to start) for both tests; no static state.
 */
@Tag("CARD-2")
@Tag("UMS-3")
@Tag("SEC-3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudLinkE2EIT {

    private static final Duration UP = Duration.ofSeconds(60);

    private Path tmp;
    private Path home;
    private EmbeddedBroker broker;
    private CloudTls cloud;
    private SwapFixtures fx;
    private SigningKey operator;
    private Path operatorKey;

    @BeforeAll
    void prepare(@TempDir Path dir) throws Exception {
        tmp = dir;
        home = DcuProcess.unpack(tmp.resolve("dist"));
        BrokerPki pki = BrokerPki.create(tmp.resolve("pki"));
        // TLS with client certificates for every DCU and the console; the plain listener is there only for
        // plainTcpIsRefusedUnlessAllowedAndThenReportedInsecure, which exercises tcp:// on purpose
        broker = EmbeddedBroker.builder().tls(pki).plainListener(true).persistent(tmp.resolve("broker")).build().start();
        cloud = new CloudTls(pki, broker.tlsUrl());
        fx = new SwapFixtures();
        operator = EcKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom());
        operatorKey = Files.writeString(tmp.resolve("operator.key.pem"), EcKeys.privateKeyPem(operator));
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Starts the DCU on a copy of the distribution's conf, its cloud link on TLS with a client certificate. */
    private DcuProcess start(String id, Path data) throws Exception {
        fx.writeTrustStore(data, operator);
        Path conf = tmp.resolve("conf-" + id);
        if (!Files.exists(conf)) {
            DcuProcess.copyTree(home.resolve("conf"), conf);
        }
        cloud.configure(conf, id);
        DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve(id + ".log"),
                List.of("--data", data.toString(), "--conf", conf.toString()), cloud.env(id));
        assertThat(dcu.awaitState("up", UP)).as("status up; output:\n%s", dcu.output()).isTrue();
        return dcu;
    }

    private static JsonObject state(ConsoleClient c, String id) throws Exception {
        return c.fleetState(Duration.ofMillis(500)).get(id);
    }

    /** Runs a console command on the TLS broker with the console's certificate. */
    private int console(StringWriter out, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(cloud.consoleArgs());
        return FumsConsole.commandLine(new PrintWriter(out, true), new PrintWriter(out, true))
                .execute(all.toArray(String[]::new));
    }

    private static String leafVersion(JsonObject state) {
        JsonObject bundles = state.getAsJsonObject("software").getAsJsonObject("bundles");
        return bundles.has("io.fums.test.leaf") ? bundles.get("io.fums.test.leaf").getAsString() : null;
    }

    @Test
    void signedDeployShowsTheNewBundleVersionInTheStateAndUnsignedRequestsAreRefused() throws Exception {
        String id = "DCU-E2E-DEPLOY";
        Path v1 = fx.leafFeature(tmp.resolve("pkg"), "1.0.0", "leaf-v1", "");
        Path v2 = fx.leafFeature(tmp.resolve("pkg"), "2.0.0", "leaf-v2", "");
        try (DcuProcess dcu = start(id, tmp.resolve("data-deploy"));
             ConsoleClient c = ConsoleClient.connect(cloud.console())) {
            assertThat(Conditions.within(UP, () -> state(c, id).get("online").getAsBoolean())).as(dcu.output()).isTrue();
            assertThat(state(c, id).get("insecure").getAsBoolean()).as("TLS with a client certificate").isFalse();

            StringWriter out = new StringWriter();
            assertThat(console(out, "deploy", v1.toString(), "--dcu", id, "-k", operatorKey.toString()))
                    .as("%s\n%s", out, dcu.output()).isZero();
            assertThat(Conditions.within(UP, () -> "1.0.0".equals(leafVersion(state(c, id))))).isTrue();

            out = new StringWriter();
            assertThat(console(out, "deploy", v2.toString(), "--dcu", id, "-k", operatorKey.toString()))
                    .as("%s\n%s", out, dcu.output()).isZero();
            assertThat(out.toString()).contains(" ok ").contains("2.0.0");
            assertThat(Conditions.within(UP, () -> "2.0.0".equals(leafVersion(state(c, id))))).isTrue();

            Response unsigned = c.request(id, "software.rollback", "{}", null).get(30, TimeUnit.SECONDS);
            assertThat(unsigned.status()).isEqualTo("refused");
            assertThat(unsigned.code()).isEqualTo("CMD_UNSIGNED");
            Response audit = c.request(id, "audit.query", "{\"action\":\"command.refuse\"}", null).get(30, TimeUnit.SECONDS);
            assertThat(audit.data().toString()).contains("CMD_UNSIGNED").contains("software.rollback");
            assertThat(leafVersion(state(c, id))).isEqualTo("2.0.0");

            out = new StringWriter();
            assertThat(console(out, "history", id)).isZero();
            assertThat(out.toString()).contains("1.0.0").contains("2.0.0").contains("COMMITTED");
            assertThat(dcu.terminate(Duration.ofSeconds(45))).isZero();
            assertThat(Conditions.within(Duration.ofSeconds(10), () -> !state(c, id).get("online").getAsBoolean())).isTrue();
            assertThat(state(c, id).get("reason").getAsString()).isEqualTo("stopped");
        }
    }

    @Test
    void aKilledDcuIsMarkedOfflineByItsWillAndComesBackOnline() throws Exception {
        String id = "DCU-E2E-WILL";
        Path data = tmp.resolve("data-will");
        try (ConsoleClient c = ConsoleClient.connect(cloud.console())) {
            DcuProcess dcu = start(id, data);
            assertThat(Conditions.within(UP, () -> state(c, id).get("online").getAsBoolean())).isTrue();
            dcu.kill();
            assertThat(Conditions.within(Duration.ofSeconds(60), () -> !state(c, id).get("online").getAsBoolean()))
                    .as("the broker publishes the Will").isTrue();
            assertThat(state(c, id).get("reason").getAsString()).isEqualTo("connection lost");
            try (DcuProcess again = start(id, data)) {
                assertThat(Conditions.within(UP, () -> state(c, id).get("online").getAsBoolean())).as(again.output()).isTrue();
            }
        }
    }

    /**
     * SEC-5: a plain tcp:// broker URL is refused unless the configuration says allowInsecure; then the DCU
     * connects, warns at the connect, says {@code "insecure": true} in its retained state and audits it.
     * This test uses tcp:// on purpose.
     */
    @Test
    @Tag("SEC-5")
    void plainTcpIsRefusedUnlessAllowedAndThenReportedInsecure() throws Exception {
        String id = "DCU-E2E-PLAIN";
        Path conf = tmp.resolve("conf-" + id);
        DcuProcess.copyTree(home.resolve("conf"), conf);
        Map<String, String> env = Map.of("FUMS_DCU_ID", id, "FUMS_MQTT_URL", broker.url());
        try (ConsoleClient c = ConsoleClient.connect(cloud.console())) {
            Path refusedData = tmp.resolve("data-plain-refused");
            fx.writeTrustStore(refusedData, operator);
            try (DcuProcess refused = DcuProcess.start(home, refusedData, tmp.resolve(id + "-refused.log"),
                    List.of("--data", refusedData.toString(), "--conf", conf.toString()), env)) {
                assertThat(refused.awaitState("up", UP)).as(refused.output()).isTrue();
                Conditions.await("the refusal is logged", UP).until(() -> refused.output().contains("allowInsecure"));
                assertThat(refused.output()).contains("CONFIG_INVALID").contains(broker.url());
                assertThat(state(c, id)).as("never at the broker").isNull();
            }
            Files.writeString(conf.resolve(CloudTls.CLOUD_CONFIG), "{\"allowInsecure\": true}\n");
            Path data = tmp.resolve("data-plain");
            fx.writeTrustStore(data, operator);
            try (DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve(id + ".log"),
                    List.of("--data", data.toString(), "--conf", conf.toString()), env)) {
                assertThat(Conditions.within(UP, () -> state(c, id) != null && state(c, id).get("online").getAsBoolean()))
                        .as(dcu.output()).isTrue();
                assertThat(state(c, id).get("insecure").getAsBoolean()).isTrue();
                assertThat(dcu.output()).contains("insecure: plain tcp://");
                Response audit = c.request(id, "audit.query", "{\"action\":\"cloud.link.insecure\"}", null)
                        .get(30, TimeUnit.SECONDS);
                assertThat(audit.data().toString()).contains("cloud.link.insecure").contains(broker.url());
            }
        }
    }
}
