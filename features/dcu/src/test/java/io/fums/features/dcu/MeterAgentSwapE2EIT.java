package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The meter agent's own bundle (io.fums.meter.upgrade, a base bundle) is
 * swapped over MQTT while one of its campaigns runs: the operator deploys a
 * signed dcu-software feature that replaces it with a newer version of the
 * same code. The swap refreshes the agent and the bundle that serves it on
 * the cloud link (io.fums.cloud.meters), never the cloud link itself: the
 * link answers the very request that ran the swap, the swap commits, and the
 * campaign continues from its journal to COMPLETED with every meter on the
 * new firmware and no meter activated twice. At the next start the launcher
 * keeps the newer agent over the base jar.
 */
@Tag("ARC-2")
@Tag("ARC-4")
@Tag("CARD-1")
@Tag("CARD-2")
@Tag("SM-5")
class MeterAgentSwapE2EIT extends CampaignE2E {

    private static final String AGENT = "io.fums.meter.upgrade";
    private static final int METERS = 10;


    @Test
    void theAgentSwappedInTheMiddleOfACampaignContinuesItFromItsJournalWhileTheCloudLinkStaysUp() throws Exception {
        String dcuId = "DCU-E2E-AGENT-SWAP";
        int base = MeterFleet.freePortBase(METERS);
        // 9600 baud links: an 8 KiB image takes about 10 s per meter, three waves about 30 s
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "w", "count": %d, "tcpPortBase": %d, "link": {"baud": 9600}}]
                """.formatted(METERS, base))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 30, 9600);
            Path firmwarePkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 8 * 1024, 91));
            Path agentJar = SwapFixtures.nextMicroVersion(fx.home.resolve("bundles/" + AGENT + ".jar"),
                    tmp.resolve("agent/" + AGENT + ".jar"));
            String agentVersion = SwapFixtures.bundleVersion(agentJar);
            Path agentPkg = fx.keys.feature(tmp.resolve("agent"), "meter-agent", "1.0.1", List.of(agentJar), 20);

            Path data = tmp.resolve("data");
            try (DcuProcess dcu = fx.start(dcuId, data, conf)) {
                String baseVersion = bundle(dcuId, AGENT).get("version").getAsString();
                assertThat(agentVersion).isNotEqualTo(baseVersion);
                String firmware = fx.stage(dcuId, firmwarePkg);
                fx.console("campaign", "create", dcuId, "--id", "swap", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--waves", "1,3,rest", "--concurrency", "1", "--max-attempts", "8", "--backoff", "0.5",
                        "--max-backoff", "2", "--error-threshold", "60%");
                CampaignWatcher.Outcome out;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "swap").start()) {
                    Instant started = Instant.now();
                    fx.console("campaign", "start", dcuId, "swap");

                    // swap while the second wave transfers: the first meter done, others on their way
                    JsonObject before = awaitCounts(dcuId, c -> count(c, "SUCCEEDED") >= 1 && count(c, "TRANSFERRING") >= 1,
                            Duration.ofSeconds(90), dcu);
                    // a link refreshed by the swap would never answer: fail in two minutes, not the default fifteen
                    String deployed = fx.console("deploy", agentPkg.toString(), "--dcu", dcuId, "--timeout", "120");
                    Duration swapAt = Duration.between(started, Instant.now());
                    assertThat(deployed).as("the software.apply response came back over the cloud link\n%s", dcu.output())
                            .contains(" ok ").contains("meter-agent").contains("COMMITTED");

                    JsonObject after = fx.get(dcuId, "campaign.status", "{\"id\": \"swap\"}");
                    assertThat(after.get("done").getAsInt()).as("the swap came in the middle of the campaign: before %s, after %s",
                            before, after.get("counts")).isLessThan(METERS);
                    JsonObject agent = bundle(dcuId, AGENT);
                    assertThat(agent.get("version").getAsString()).isEqualTo(agentVersion);
                    assertThat(agent.get("feature").getAsString()).isEqualTo("meter-agent");
                    assertThat(agent.get("state").getAsString()).isEqualTo("ACTIVE");
                    assertThat(bundle(dcuId, "io.fums.cloud.meters").get("state").getAsString()).isEqualTo("ACTIVE");
                    System.out.println("MeterAgentSwapE2EIT: swapped " + swapAt.toMillis() + " ms into the campaign at "
                            + before.get("counts") + "; " + deployed);

                    out = watcher.await(Duration.ofMinutes(4));
                    System.out.println("MeterAgentSwapE2EIT: campaign " + out.state() + " after "
                            + Duration.between(started, Instant.now()).toMillis() + " ms");
                }
                String story = dcu.output();
                assertThat(out.state()).as(story).isEqualTo("COMPLETED");
                assertThat(story).as("the new agent took the campaign over from the journal")
                        .contains("campaign swap: continuing from the journal");
                assertThat(out.meterResults().stream().map(e -> e.text("meterId")).collect(Collectors.toSet()))
                        .as("a result of every meter reached the console").hasSize(METERS);
                for (String id : fleet.meterIds()) {
                    MeterStatus s = fleet.status(id);
                    assertThat(s.runningFirmware()).as(id).isEqualTo("2.0.0");
                    assertThat(s.upgradesSucceeded()).as(id + " activated once (meter)").isEqualTo(1);
                    assertThat(activations(dcuId, id)).as(id + " activated once (journal)").isEqualTo(1);
                }
                assertThat(out.meters()).extracting(j -> j.get("state").getAsString()).containsOnly("SUCCEEDED");

                // the link was never restarted: one start in the whole run, and the swap is in the history
                assertThat(story.lines().filter(l -> l.contains("cloud link for " + dcuId + " starting")).count())
                        .as(story).isEqualTo(1);
                assertThat(story).doesNotContain("cloud link for " + dcuId + " stopped");
                JsonObject swap = fx.get(dcuId, "software.history", "{\"limit\": 1}").getAsJsonArray("swaps").get(0)
                        .getAsJsonObject();
                assertThat(swap.get("outcome").getAsString()).isEqualTo("COMMITTED");
                assertThat(swap.get("feature").getAsString()).isEqualTo("meter-agent");
                assertThat(dcu.terminate(Duration.ofSeconds(45))).isZero();
            }
            // the launcher keeps the newer replacement over the base jar at the next start
            try (DcuProcess again = fx.start(dcuId, data, conf)) {
                JsonObject agent = bundle(dcuId, AGENT);
                assertThat(agent.get("version").getAsString()).as(again.output()).isEqualTo(agentVersion);
                assertThat(agent.get("feature").getAsString()).isEqualTo("meter-agent");
                assertThat(agent.get("state").getAsString()).isEqualTo("ACTIVE");
                assertThat(fx.get(dcuId, "campaign.status", "{\"id\": \"swap\"}").get("state").getAsString())
                        .isEqualTo("COMPLETED");
            }
        }
    }

    private JsonObject bundle(String dcuId, String symbolicName) throws Exception {
        for (JsonElement b : fx.get(dcuId, "software.list", "{}").getAsJsonArray("bundles")) {
            if (symbolicName.equals(b.getAsJsonObject().get("symbolicName").getAsString())) {
                return b.getAsJsonObject();
            }
        }
        throw new AssertionError(symbolicName + " is not installed on " + dcuId);
    }

    private long activations(String dcuId, String meterId) throws Exception {
        JsonObject history = fx.get(dcuId, "campaign.history", "{\"id\": \"swap\", \"meterId\": \"" + meterId + "\"}");
        long n = 0;
        for (JsonElement t : history.getAsJsonArray("transitions")) {
            if ("ACTIVATING".equals(t.getAsJsonObject().get("to").getAsString())) {
                n++;
            }
        }
        return n;
    }

    private static int count(JsonObject counts, String state) {
        return counts.has(state) ? counts.get(state).getAsInt() : 0;
    }

    /** Polls the campaign's counts until {@code until} holds; returns the status then. */
    private JsonObject awaitCounts(String dcuId, java.util.function.Predicate<JsonObject> until, Duration timeout,
                                   DcuProcess dcu) throws Exception {
        AtomicReference<JsonObject> last = new AtomicReference<>();
        try {
            Conditions.await(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonObject status = fx.get(dcuId, "campaign.status", "{\"id\": \"swap\"}");
                last.set(status);
                if (until.test(status.getAsJsonObject("counts"))) {
                    return true;
                }
                assertThat(Set.of("COMPLETED", "PAUSED", "CANCELLED")).doesNotContain(status.get("state").getAsString());
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("campaign counts " + (last.get() == null ? null : last.get().get("counts"))
                    + "; output:\n" + dcu.output(), e);
        }
        return last.get();
    }
}
