package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import io.fums.crypto.DlmsKeys;
import io.fums.emulator.console.CampaignWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A campaign over two security suite 1 meters (HLS-ECDSA, mechanism 7, P-256; AES-GCM-128 ciphering with SC
 * 0x31) on the real distribution over TLS (issue 13): the DCU's client key in data/keys/dlms-client.key (0600),
 * the meters' certificates beside meters.json; meters.list shows high-ecdsa+suite1, not insecure; both meters
 * are upgraded and no association is refused.
 */
@Tag("SEC-2")
@Tag("SEC-3")
@Tag("SEC-5")
class Suite1CampaignE2EIT extends CampaignE2E {

    @Test
    void aCampaignRunsOverSuite1Meters() throws Exception {
        String dcuId = "DCU-E2E-SUITE1";
        Path data = tmp.resolve("data");
        // the DCU's client key exists before the meters are made: they trust its public half
        DlmsKeys.ClientKey client = DlmsKeys.loadOrCreateClientKey(data.resolve(DlmsKeys.CLIENT_KEY_FILE));
        Path clientPub = data.resolve(DlmsKeys.CLIENT_KEY_FILE + ".pub.pem");
        int base = MeterFleet.freePortBase(2);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "e", "count": 2, "tcpPortBase": %d,
                            "security": {"authentication": "high-ecdsa", "clientPublicKey": "%s"}}]
                """.formatted(base, clientPub))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 3600, 115200);
            assertThat(conf.resolve("certs/e-00001.crt.pem")).exists();
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 31));
            try (DcuProcess dcu = fx.start(dcuId, data, conf)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        data.resolve(DlmsKeys.CLIENT_KEY_FILE)))).isEqualTo("rw-------");
                assertThat(Files.readString(clientPub)).as("the DCU kept the key the meters trust")
                        .isEqualTo(client.publicKeyPem());
                for (JsonElement m : fx.get(dcuId, "meters.list", "{}").getAsJsonArray("meters")) {
                    assertThat(m.getAsJsonObject().get("security").getAsString()).isEqualTo("high-ecdsa+suite1");
                    assertThat(m.getAsJsonObject().get("insecure").getAsBoolean()).isFalse();
                }
                String firmware = fx.stage(dcuId, pkg);
                fx.console("campaign", "create", dcuId, "--id", "suite1", "--firmware", firmware, "--meters",
                        "e-00001,e-00002", "--waves", "rest", "--concurrency", "2", "--max-attempts", "2");
                CampaignWatcher.Outcome out;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "suite1").start()) {
                    fx.console("campaign", "start", dcuId, "suite1");
                    out = watcher.await(Duration.ofMinutes(2));
                }
                assertThat(out.state()).as(dcu.output()).isEqualTo("COMPLETED");
                assertThat(out.meters()).hasSize(2).allSatisfy(j -> assertThat(j.get("state").getAsString())
                        .isEqualTo("SUCCEEDED"));
                assertThat(fleet.status("e-00001").runningFirmware()).isEqualTo("2.0.0");
                assertThat(fleet.status("e-00002").runningFirmware()).isEqualTo("2.0.0");
                assertThat(fx.get(dcuId, "audit.query", "{\"action\": \"meter.association\"}")
                        .getAsJsonArray("entries")).as("no association refused").isEmpty();
            }
        }
    }
}
