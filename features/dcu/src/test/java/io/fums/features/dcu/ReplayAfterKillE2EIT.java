package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.ExceptionResponse;
import io.fums.dlms.wrapper.WrapperPdu;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.net.WrapperTap;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Invocation counters across a kill (issue 13): a ciphered meter (HLS-GMAC,
 * suite 0) receives an image; the DCU is killed (SIGKILL) while blocks are on
 * the line and restarted. The meter accepts the restarted DCU's ciphered
 * APDUs (the transfer resumes and the campaign completes, nothing of the DCU
 * is refused as a replay), and a frame the DCU sent before the kill, replayed
 * by someone on the line into the live association, is refused with
 * invocation-counter-error and counted by the meter.
 */
@Tag("SEC-3")
@Tag("SEC-8")
@Tag("SEC-9")
@Tag("UMS-2")
class ReplayAfterKillE2EIT extends CampaignE2E {

    private static final String METER = "r-00001";

    @Test
    void afterAKillMidTransferTheMeterAcceptsTheNextFrameAndRefusesAndCountsAReplayedOne() throws Exception {
        String dcuId = "DCU-E2E-REPLAY";
        int base = MeterFleet.freePortBase(1);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "r", "count": 1, "tcpPortBase": %d, "link": {"baud": 9600}}]
                """.formatted(base));
                WrapperTap tap = WrapperTap.start(base)) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 5, 9600);
            throughTap(conf.resolve("meters.json"), tap.port());
            Path data = tmp.resolve("data");
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 16 * 1024, 13));
            DcuProcess dcu = fx.start(dcuId, data, conf);
            try {
                JsonObject meter = fx.get(dcuId, "meters.list", "{}").getAsJsonArray("meters").get(0).getAsJsonObject();
                assertThat(meter.get("security").getAsString()).isEqualTo("high-gmac+suite0");
                String firmware = fx.stage(dcuId, pkg);
                fx.console("campaign", "create", dcuId, "--id", "replay", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--waves", "rest", "--concurrency", "1", "--max-attempts", "6", "--backoff", "0.5", "--max-backoff", "2");
                fx.console("campaign", "start", dcuId, "replay");

                // the transfer is in progress: some blocks are in, not all
                Conditions.await(Duration.ofSeconds(90)).alias("blocks on the line").until(() -> {
                    MeterStatus s = fleet.status(METER);
                    return s.blockCount() > 0 && s.blocksReceived() >= 3 && s.blocksReceived() < s.blockCount() - 3;
                });
                dcu.kill();
                MeterStatus atKill = fleet.status(METER);
                List<WrapperPdu> before = tap.captured();
                assertThat(before).as("ciphered frames seen before the kill").isNotEmpty();
                WrapperPdu replayed = before.get(before.size() - 1);
                int connectionsBefore = tap.connections();
                assertThat(atKill.replaysRefused()).as("nothing refused before the kill").isZero();

                dcu = fx.start(dcuId, data, conf);
                // the restarted DCU is associated again (its HLS reply and requests ciphered with new counters)
                Conditions.await(Duration.ofSeconds(90)).alias("a new association carries ciphered requests")
                        .until(() -> tap.connections() > connectionsBefore && tap.cipheredOnCurrent() >= 3);
                tap.inject(replayed);
                byte[] answer = tap.injectedAnswers().poll(60, TimeUnit.SECONDS);
                assertThat(answer).as("the meter answered the replayed frame; DCU output:\n%s", dcu.output()).isNotNull();
                ExceptionResponse refusal = (ExceptionResponse) Apdus.decode(answer);
                assertThat(refusal.serviceError()).isEqualTo(ExceptionResponse.ServiceError.INVOCATION_COUNTER_ERROR);

                CampaignWatcher.Outcome out;
                try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, "replay").start()) {
                    out = watcher.await(Duration.ofMinutes(4));
                }
                assertThat(out.state()).as(dcu.output()).isEqualTo("COMPLETED");
                assertThat(out.meters()).singleElement().satisfies(j -> assertThat(j.get("state").getAsString()).isEqualTo("SUCCEEDED"));
                MeterStatus done = fleet.status(METER);
                assertThat(done.runningFirmware()).isEqualTo("2.0.0");
                assertThat(done.upgradesSucceeded()).isEqualTo(1);
                assertThat(tap.captured()).as("the restarted DCU's frames went through").hasSizeGreaterThan(before.size());

                // the meter saves its counts when its sessions end: end them on the line
                tap.close();
                Conditions.await(Duration.ofSeconds(30)).alias("the replay is counted")
                        .until(() -> fleet.status(METER).replaysRefused() > 0);
                assertThat(fleet.status(METER).replaysRefused())
                        .as("exactly the replayed frame: none of the restarted DCU's frames reused a counter").isEqualTo(1);
                System.out.println("ReplayAfterKillE2EIT: killed at block " + atKill.blocksReceived() + "/" + atKill.blockCount()
                        + ", replayed a frame of " + replayed.apduLength() + " octets (tag 0x" + Integer.toHexString(replayed.apdu()[0] & 0xFF) + "), refused with " + refusal);
            } finally {
                dcu.close();
            }
        }
    }

    /** Points the meter's inventory entry at the tap instead of the meter. */
    private static void throughTap(Path metersJson, int port) throws Exception {
        JsonObject inventory = JsonParser.parseString(Files.readString(metersJson)).getAsJsonObject();
        inventory.getAsJsonArray("meters").get(0).getAsJsonObject().addProperty("tcp", "127.0.0.1:" + port);
        Files.writeString(metersJson, inventory.toString());
    }
}
