package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Meter-firmware campaigns end to end: the real DCU distribution as its own
 * process, emulated meters over DLMS (TCP wrapper and HDLC on a shared
 * medium over a pty), the embedded MQTT 5 broker, and the operator's console
 * staging the signed firmware, creating and starting the campaign and
 * watching every per-meter result arrive.
 */
@RunsAlone // its reads must keep their period: no other end-to-end test competes for the cores
@Tag("SM-1")
@Tag("SM-2")
@Tag("SM-3")
@Tag("SM-4")
@Tag("SM-6")
@Tag("SM-8")
@Tag("MET-2")
@Tag("SM-9")
@Tag("SEC-5")
@Tag("UC-5")
@Tag("UC-6")
@Tag("UMS-1")
@Tag("CARD-2")
class MeterCampaignE2EIT extends CampaignE2E {

    /** The read period: every meter of the shared medium is read in it while image blocks go to two of them. */
    private static final int READ_SECONDS = 5;


    @Test
    void fiftyMetersWithFaultsEndOnTheRightFirmwareWithTheirCodesAndAlarmsWhileReadingsKeepTheirPeriod() throws Exception {
        String dcuId = "DCU-E2E-50";
        int base = MeterFleet.freePortBase(40);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet-50"), """
                "media": [{"id": "bus-a", "pty": "%s", "link": {"baud": 115200}}],
                "groups": [{"id": "t", "count": 40, "tcpPortBase": %d},
                           {"id": "h", "count": 10, "medium": "bus-a", "hdlcAddressBase": 17}],
                "meters": [{"id": "t-00005", "faults": {"failSelfCheck": true}},
                           {"id": "h-00003", "faults": {"failSelfCheck": true}},
                           {"id": "t-00012", "faults": {"powerCutAt": "TRANSFER", "powerCutAfterBlocks": 6, "powerOffMillis": 1500}},
                           {"id": "t-00020", "faults": {"refuseActivation": true}},
                           {"id": "t-00031", "faults": {"corruptBlocks": [4]}}]
                """.formatted(tmp.resolve("fleet-50/bus-a"), base))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf-50"), READ_SECONDS, 115200);
            Map<String, MeterStatus> before = fleet.snapshot();
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg-50"), "2.0.0", MeterFleet.image("2.0.0", 16 * 1024, 50));
            try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data-50"), conf)) {
                JsonObject list = fx.get(dcuId, "meters.list", "{}");
                assertThat(list.get("count").getAsInt()).as("inventory").isEqualTo(50);
                // SEC-5: the fleet is on the emulator's default security, so the campaign runs over ciphered meters
                assertThat(list.getAsJsonArray("meters")).as("every meter on HLS-GMAC + suite 0").allSatisfy(m -> {
                    assertThat(m.getAsJsonObject().get("security").getAsString()).isEqualTo("high-gmac+suite0");
                    assertThat(m.getAsJsonObject().get("insecure").getAsBoolean()).isFalse();
                });
                // UMS-3: a campaign on firmware the DCU has not staged, and a campaign that does not exist, are refused
                // with their own codes (exit 1: refused), not CMD_MALFORMED
                assertThat(fx.console(1, "campaign", "create", dcuId, "--id", "unstaged", "--firmware", "0".repeat(64),
                        "--device-type", "FUMS-EM-1")).contains("CMD_FIRMWARE_NOT_STAGED").doesNotContain("\tat ");
                assertThat(fx.console(1, "campaign", "status", dcuId, "no-such-campaign"))
                        .contains("CMD_CAMPAIGN_UNKNOWN").doesNotContain("\tat ");
                String firmware = fx.stage(dcuId, pkg);
                Map<String, JsonObject> statsBefore = readStats(dcuId, fleet.meterIds());
                Instant campaignStart = Instant.now();
                fx.console("campaign", "create", dcuId, "--id", "fw-2-0-0", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--waves", "1,10%,rest", "--concurrency", "2", "--max-attempts", "6", "--backoff", "0.5",
                        "--max-backoff", "2", "--error-threshold", "50%");
                CampaignWatcher.Outcome out;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "fw-2-0-0").start()) {
                    fx.console("campaign", "start", dcuId, "fw-2-0-0");
                    out = watcher.await(Duration.ofMinutes(6));
                }
                Duration took = Duration.between(campaignStart, Instant.now());
                assertThat(out.state()).as(dcu.output()).isEqualTo("COMPLETED");

                // every per-meter result arrived at the console, once per meter after deduplication
                assertThat(out.meterResults()).hasSize(50);
                assertThat(out.meterResults().stream().map(e -> e.data().get("meterId").getAsString()).collect(Collectors.toSet()))
                        .hasSize(50);

                Map<String, String> expectedFailures = Map.of("t-00005", "METER_SELF_CHECK_FAILED",
                        "h-00003", "METER_SELF_CHECK_FAILED", "t-00020", "METER_ACTIVATION_FAILED", "t-00031", "METER_VERIFY_FAILED");
                Map<String, MeterStatus> after = fleet.snapshot();
                Map<String, JsonObject> jobs = new HashMap<>();
                out.meters().forEach(j -> jobs.put(j.get("meterId").getAsString(), j));
                for (String id : fleet.meterIds()) {
                    JsonObject job = jobs.get(id);
                    MeterStatus s = after.get(id);
                    if (expectedFailures.containsKey(id)) {
                        assertThat(job.get("state").getAsString()).as(id).isEqualTo("REVERTED");
                        assertThat(job.get("errorCode").getAsString()).as(id).isEqualTo(expectedFailures.get(id));
                        assertThat(s.runningFirmware()).as(id + " stays on its old image").isEqualTo("1.0.0");
                        assertThat(out.alarms()).as(id + " alarm").anyMatch(a -> id.equals(text(a.data(), "meterId")));
                    } else {
                        assertThat(job.get("state").getAsString()).as(id).isEqualTo("SUCCEEDED");
                        assertThat(s.runningFirmware()).as(id).isEqualTo("2.0.0");
                    }
                    // configuration unchanged; energy only advanced
                    assertThat(s.settings()).as(id + " settings").isEqualTo(before.get(id).settings());
                    assertThat(s.importWh()).as(id + " energy").isGreaterThanOrEqualTo(before.get(id).importWh());
                }
                assertThat(after.get("t-00012").powerCuts()).as("the power cut happened").isPositive();

                // no scheduled read was missed, on any meter, during the campaign
                Map<String, JsonObject> statsAfter = readStats(dcuId, fleet.meterIds());
                long periods = took.toSeconds() / READ_SECONDS;
                for (String id : fleet.meterIds()) {
                    JsonObject b = statsBefore.get(id);
                    JsonObject a = statsAfter.get(id);
                    // t-00012 lost its power for 1.5 s: a meter without power cannot be read, at most that period is missed
                    assertThat(a.get("missed").getAsLong() - b.get("missed").getAsLong())
                            .as("%s reads missed during the campaign: before %s, after %s", id, b, a)
                            .isLessThanOrEqualTo(id.equals("t-00012") ? 1 : 0);
                    assertThat(a.get("done").getAsLong() - b.get("done").getAsLong())
                            .as("%s reads during the campaign (%d s): before %s, after %s", id, took.toSeconds(), b, a)
                            .isGreaterThanOrEqualTo(periods - 2);
                }

                // issue 13, SEC-1/SEC-5/SEC-7: keys came from the cloud; the DCU's conf and data hold no meter key, no
                // "none" meter and no tcp:// broker, and it never warned of plaintext keys
                assertThat(fx.get(dcuId, "audit.query", "{\"action\":\"meter.keys.plaintext\"}")
                        .getAsJsonArray("entries")).isEmpty();
                assertThat(fx.get(dcuId, "audit.query", "{\"action\":\"meter.keys.provision\"}")
                        .getAsJsonArray("entries")).hasSize(50);
                assertThat(EffectiveConfig.problems(List.of(conf, tmp.resolve("data-50")), MeterFleet.keysFile(conf),
                        dcu.output())).isEmpty();
            }
        }
    }

    @Test
    void twentyMetersTransferAndVerifyThenActivateTogetherAtTheScheduledTime() throws Exception {
        String dcuId = "DCU-E2E-SCHED";
        int base = MeterFleet.freePortBase(20);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet-sched"), """
                "groups": [{"id": "s", "count": 20, "tcpPortBase": %d}]
                """.formatted(base))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf-sched"), 5, 9600);
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg-sched"), "2.0.0", MeterFleet.image("2.0.0", 8 * 1024, 20));
            try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data-sched"), conf)) {
                String firmware = fx.stage(dcuId, pkg);
                Instant at = Instant.now().plusSeconds(40).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                fx.console("campaign", "create", dcuId, "--id", "sched", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--at", at.toString(), "--waves", "rest", "--concurrency", "1", "--error-threshold", "50%");
                CampaignWatcher.Outcome out;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "sched").start()) {
                    fx.console("campaign", "start", dcuId, "sched");
                    Conditions.await("all 20 verified and scheduled before the time", Duration.ofSeconds(38))
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                JsonObject counts = fx.get(dcuId, "campaign.status", "{\"id\": \"sched\"}")
                                        .getAsJsonObject("counts");
                                return counts.has("ACTIVATION_SCHEDULED") && counts.get("ACTIVATION_SCHEDULED").getAsInt() == 20;
                            });
                    assertThat(Instant.now()).isBefore(at);
                    for (String id : fleet.meterIds()) {
                        assertThat(fleet.status(id).runningFirmware()).as(id + " still on the old image before the time")
                                .isEqualTo("1.0.0");
                    }
                    out = watcher.await(Duration.ofMinutes(3));
                }
                assertThat(out.state()).as(dcu.output()).isEqualTo("COMPLETED");
                Map<String, Instant> fired = new TreeMap<>();
                for (String id : fleet.meterIds()) {
                    assertThat(fleet.status(id).runningFirmware()).as(id).isEqualTo("2.0.0");
                    fired.put(id, fleet.scheduledActivationAt(id));
                }
                assertThat(fired.values()).doesNotContainNull();
                Instant first = fired.values().stream().min(Instant::compareTo).orElseThrow();
                Instant last = fired.values().stream().max(Instant::compareTo).orElseThrow();
                assertThat(Duration.between(first, last)).as("spread of the activations on the emulator clock: %s", fired)
                        .isLessThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(Duration.between(at, first).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    private Map<String, JsonObject> readStats(String dcuId, List<String> meters) throws Exception {
        Map<String, JsonObject> stats = new HashMap<>();
        for (String id : meters) {
            stats.put(id, fx.get(dcuId, "meters.read", "{\"meterId\": \"" + id + "\"}").getAsJsonObject("stats"));
        }
        return stats;
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }

    @SuppressWarnings("unused")
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "REVERTED");
}
