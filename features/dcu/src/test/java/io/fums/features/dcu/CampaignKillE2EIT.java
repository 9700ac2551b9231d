package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.emulator.meter.model.MeterStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The DCU is killed (SIGKILL) at random points of a 20-meter campaign
 * six times (-Dfums.kills=N for more; the fault soak kills far more), and restarted each time: the campaign completes from its
 * journal with the end state of an uninterrupted run (19 meters on the new
 * firmware, the faulty one reverted), no meter activated twice, and every
 * meter's result reaches the console.
 */
@Tag("UMS-2")
@Tag("UC-2")
@Tag("SM-5")
@Tag("ARC-2")
class CampaignKillE2EIT extends CampaignE2E {

    private static final int KILLS = Integer.getInteger("fums.kills", 6);


    @Test
    void aCampaignKilledAtRandomPointsCompletesWithTheSameEndStateAndNoDoubleActivation() throws Exception {
        String dcuId = "DCU-E2E-KILL";
        long seed = Long.getLong("fums.seed", System.nanoTime());
        Random random = new Random(seed);
        int base = MeterFleet.freePortBase(20);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "k", "count": 20, "tcpPortBase": %d, "link": {"baud": 9600}}],
                "meters": [{"id": "k-00007", "faults": {"failSelfCheck": true}}]
                """.formatted(base))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 30, 9600);
            Path data = tmp.resolve("data");
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 12 * 1024, 77));
            DcuProcess dcu = fx.start(dcuId, data, conf);
            String firmware = fx.stage(dcuId, pkg);
            fx.console("campaign", "create", dcuId, "--id", "kill", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                    "--waves", "1,2,5,rest", "--concurrency", "1", "--max-attempts", "8", "--backoff", "0.5", "--max-backoff", "2",
                    "--error-threshold", "60%");
            fx.console("campaign", "start", dcuId, "kill");
            List<String> kills = new ArrayList<>();
            for (int k = 1; k <= KILLS; k++) {
                long waitMillis = 500 + random.nextInt(3000);
                Thread.sleep(waitMillis); // the behaviour under test: a kill at a random moment of the campaign
                JsonObject counts = fx.get(dcuId, "campaign.status", "{\"id\": \"kill\"}").getAsJsonObject("counts");
                int finished = (counts.has("SUCCEEDED") ? counts.get("SUCCEEDED").getAsInt() : 0)
                        + (counts.has("REVERTED") ? counts.get("REVERTED").getAsInt() : 0);
                assertThat(finished).as("kill %d comes before the campaign's end: %s; seed %d", k, counts, seed).isLessThan(20);
                dcu.kill();
                kills.add("kill " + k + " after " + waitMillis + " ms at " + counts);
                dcu = fx.start(dcuId, data, conf);
            }
            CampaignWatcher.Outcome out;
            try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "kill").start()) {
                out = watcher.await(Duration.ofMinutes(8));
            }
            String story = "seed " + seed + "\n" + String.join("\n", kills) + "\n" + dcu.output();
            assertThat(out.state()).as(story).isEqualTo("COMPLETED");
            assertThat(kills).hasSize(KILLS);
            for (String id : fleet.meterIds()) {
                MeterStatus s = fleet.status(id);
                JsonObject history = fx.get(dcuId, "campaign.history", "{\"id\": \"kill\", \"meterId\": \"" + id + "\"}");
                long activations = 0;
                for (JsonElement t : history.getAsJsonArray("transitions")) {
                    if ("ACTIVATING".equals(t.getAsJsonObject().get("to").getAsString())) {
                        activations++;
                    }
                }
                assertThat(activations).as(id + " activated once (journal); " + story).isEqualTo(1);
                if (id.equals("k-00007")) {
                    assertThat(s.runningFirmware()).as(id).isEqualTo("1.0.0");
                    assertThat(s.upgradeFailures()).as(id + " activated once (meter)").isEqualTo(1);
                } else {
                    assertThat(s.runningFirmware()).as(id + "; " + story).isEqualTo("2.0.0");
                    assertThat(s.upgradesSucceeded()).as(id + " activated once (meter)").isEqualTo(1);
                }
            }
            assertThat(out.meters()).extracting(j -> j.get("state").getAsString()).filteredOn("SUCCEEDED"::equals).hasSize(19);
            System.out.println("CampaignKillE2EIT: " + KILLS + " kills, seed " + seed + "\n" + String.join("\n", kills));
            dcu.close();
        }
    }
}
