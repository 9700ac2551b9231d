package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import io.fums.emulator.broker.MosquittoBroker;
import io.fums.emulator.console.CampaignWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real DCU distribution and the console through Mosquitto (the Debian
 * package; .ci/run installs it, so in CI this test runs, elsewhere it is
 * skipped when the binary is absent): a signed software deploy shows in the
 * retained state, and a 10-meter campaign's every per-meter result arrives
 * at the console over a shared subscription.
 */
@Tag("CARD-2")
@Tag("UMS-3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoCampaignE2EIT {

    private Path tmp;
    private CampaignFixture fx;

    /** The distribution, Mosquitto and the console's keys, once for the class (one instance per class). */
    @BeforeAll
    void prepare(@TempDir Path dir) throws Exception {
        tmp = dir;
        assumeTrue(MosquittoBroker.available() || System.getenv("CI") != null, "mosquitto is not installed");
        fx = new CampaignFixture(tmp, CampaignFixture.Broker.mosquitto(tmp.resolve("mosquitto")));
    }

    @AfterAll
    void close() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void deployAndATenMeterCampaignThroughMosquitto() throws Exception {
        String dcuId = "DCU-E2E-MOSQ";
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "q", "count": 10, "tcpPortBase": %d}],
                "meters": [{"id": "q-00006", "faults": {"failSelfCheck": true}}]
                """.formatted(MeterFleet.freePortBase(10)))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 30, 9600);
            try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data"), conf)) {
                String out = fx.console("deploy", fx.keys.leafFeature(tmp.resolve("sw"), "1.0.0", "leaf-v1", "").toString(),
                        "--dcu", dcuId);
                assertThat(out).contains(" ok ");
                JsonObject state = fx.client.fleetState(Duration.ofSeconds(1)).get(dcuId);
                assertThat(state.getAsJsonObject("software").getAsJsonObject("bundles").get("io.fums.test.leaf").getAsString())
                        .isEqualTo("1.0.0");

                String firmware = fx.stage(dcuId, fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 8 * 1024, 6)));
                fx.console("campaign", "create", dcuId, "--id", "mosq", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--waves", "1,rest", "--error-threshold", "50%");
                CampaignWatcher.Outcome outcome;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "mosq").start()) {
                    fx.console("campaign", "start", dcuId, "mosq");
                    outcome = watcher.await(Duration.ofMinutes(3));
                }
                assertThat(outcome.state()).as(dcu.output()).isEqualTo("COMPLETED");
                assertThat(outcome.meterResults().stream().collect(Collectors.toMap(e -> e.data().get("meterId").getAsString(),
                        e -> e.data().get("state").getAsString(), (a, b) -> a))).hasSize(10).containsEntry("q-00006", "REVERTED")
                        .containsEntry("q-00001", "SUCCEEDED");
                assertThat(fleet.status("q-00006").runningFirmware()).isEqualTo("1.0.0");
                assertThat(fleet.status("q-00010").runningFirmware()).isEqualTo("2.0.0");
            }
        }
    }
}
