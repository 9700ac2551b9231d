package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.emulator.console.Response;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Meter keys provisioned from the cloud, end to end (SEC-1, SEC-3): the real
 * DCU distribution, a ciphered emulated meter (HLS-GMAC + suite 0) whose keys
 * the DCU's inventory does not hold ({@code "keyRef": "store"}), the embedded
 * broker over TLS and the operator's console. The console reads the DCU's
 * key-agreement key from its retained state, seals the meter's keys to it and
 * sends the signed {@code meters.keys.provision}; the DCU then reads the meter
 * with them. No key appears in plaintext (hex or raw) in any file under the
 * DCU's data folder, nor in its log.
 */
@Tag("SEC-1")
@Tag("SEC-3")
class MeterKeysE2EIT extends CampaignE2E {

    private static final String EK = "5a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String AK = "c0ffee00112233445566778899aabbcc";

    @Test
    void sec1KeysProvisionedFromTheConsoleServeTheNextReadAndNeverRestInPlaintext() throws Exception {
        String dcuId = "DCU-E2E-KEYS";
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "k", "count": 1, "tcpPortBase": %d, "security": {"authentication": "high-gmac",
                 "ciphering": true, "encryptionKey": "%s", "authenticationKey": "%s"}}]
                """.formatted(MeterFleet.freePortBase(1), EK, AK))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 3600, 115200);
            Files.delete(MeterFleet.keysFile(conf)); // this test provisions by hand, after checking the DCU has none
            Path inventory = conf.resolve("meters.json");
            Files.writeString(inventory, Files.readString(inventory)
                    .replaceAll("\"encryptionKey\"\\s*:\\s*\"[0-9a-f]+\"", "\"keyRef\": \"store\"")
                    .replaceAll(",\\s*\"authenticationKey\"\\s*:\\s*\"[0-9a-f]+\"", ""));
            assertThat(Files.readString(inventory)).contains("\"keyRef\": \"store\"").doesNotContain(EK, AK);
            Path data = tmp.resolve("data");
            try (DcuProcess dcu = fx.start(dcuId, data, conf)) {
                String body = "{\"meterId\":\"k-00001\"}";
                Response before = fx.client.request(dcuId, "meters.read", body, null).get(60, TimeUnit.SECONDS);
                assertThat(before.status()).as("no keys yet: %s", before.message()).isEqualTo("failed");
                assertThat(before.code()).isEqualTo("CONFIG_MISSING");
                assertThat(Conditions.within(Duration.ofSeconds(30), () -> {
                    JsonObject s = fx.client.fleetState(Duration.ofMillis(300)).get(dcuId);
                    return s != null && s.has("keyAgreementKey");
                })).as("the key-agreement key in the DCU's state").isTrue();

                Path keys = Files.writeString(tmp.resolve("k-00001.keys"), EK + "\n" + AK + "\n");
                String out = fx.console("meters", "keys", dcuId, "k-00001", "--keys-file", keys.toString());
                assertThat(out).contains("k-00001: keys ", "stored on " + dcuId).doesNotContain(EK, AK);

                JsonObject after = fx.get(dcuId, "meters.read", body);
                assertThat(after.getAsJsonObject("identity").get("deviceId").getAsString()).isNotEmpty();
                JsonArray audit = fx.get(dcuId, "audit.query", "{\"action\":\"meter.keys.provision\"}")
                        .getAsJsonArray("entries");
                assertThat(audit.asList()).singleElement().satisfies(e -> {
                    assertThat(e.getAsJsonObject().get("outcome").getAsString()).isEqualTo("OK");
                    assertThat(e.toString()).contains(fx.operator.keyId()).doesNotContain(EK, AK);
                });
                for (String made : List.of("dcu.meter-kek.create", "dcu.kem-key.create")) {
                    assertThat(fx.get(dcuId, "audit.query", "{\"action\":\"" + made + "\"}").getAsJsonArray("entries"))
                            .as(made).hasSize(1);
                }
                System.out.printf("SEC-1: %s read k-00001 with keys provisioned from the console: %s%n", dcuId,
                        after.getAsJsonObject("identity"));
                assertNoKeyIn(Stream.concat(files(data).stream(), Stream.of(tmp.resolve("conf/meters.json"))).toList());
                assertThat(dcu.output()).doesNotContain(EK, AK);
            }
            assertNoKeyIn(files(data));
        }
    }

    @Test
    void sec1AKeyEncryptionKeyFileOthersMayReadKeepsTheMetersOffAndIsReported() throws Exception {
        String dcuId = "DCU-E2E-KEK";
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet-kek"), """
                "groups": [{"id": "w", "count": 1, "tcpPortBase": %d}]
                """.formatted(MeterFleet.freePortBase(1)))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf-kek"), 3600, 115200);
            // meter reading stays off here (the KEK others may read): there is nothing to provision keys into
            Files.delete(MeterFleet.keysFile(conf));
            Path data = tmp.resolve("data-kek");
            Path kek = Files.createDirectories(data.resolve("keys")).resolve("meter-kek.key");
            byte[] raw = new byte[32];
            new java.security.SecureRandom().nextBytes(raw);
            Files.write(kek, raw);
            Files.setPosixFilePermissions(kek, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            try (DcuProcess dcu = fx.start(dcuId, data, conf)) {
                Response r = fx.client.request(dcuId, "meters.read", "{\"meterId\":\"w-00001\"}", null)
                        .get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as("%s %s", r.code(), r.message()).isNotEqualTo("ok");
                assertThat(dcu.output()).contains("meter reading not started: CONFIG_INVALID", kek.toString(),
                        "rw-r--r--");
                JsonArray audit = fx.get(dcuId, "audit.query", "{\"action\":\"dcu.meter-kek.load\"}")
                        .getAsJsonArray("entries");
                assertThat(audit.asList()).isNotEmpty().allSatisfy(e ->
                        assertThat(e.getAsJsonObject().get("reason").getAsString()).isEqualTo("CONFIG_INVALID"));
                assertThat(Files.readAllBytes(kek)).as("the file is left as it was").isEqualTo(raw);
            }
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Neither key as hex (either case) nor as its 16 raw octets in any of {@code files}. */
    private static void assertNoKeyIn(List<Path> files) throws Exception {
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String hex : List.of(EK, AK)) {
                assertThat(raw).as(f.toString()).doesNotContainIgnoringCase(hex)
                        .doesNotContain(new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1));
            }
        }
    }
}
