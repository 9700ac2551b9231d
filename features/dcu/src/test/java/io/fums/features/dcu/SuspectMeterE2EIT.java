package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.emulator.console.CampaignWatcher;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.testsupport.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A suspect meter is skipped by campaigns until an operator clears it with a
 * signed operation (issue 13): on the real distribution, a ciphered meter
 * whose clock was set an hour ahead on site raises CLOCK_DRIFT and shows as
 * suspect in meters.list and the state; a campaign over both meters upgrades
 * the healthy one and skips the suspect one (CANCELLED, METER_SUSPECT, in its
 * history, never contacted); {@code meters clear-suspect} (signed) clears
 * it, audited with the operator's key id, and the next campaign upgrades it.
 */
@Tag("SEC-8")
@Tag("SEC-9")
@Tag("SEC-4")
class SuspectMeterE2EIT extends CampaignE2E {

    private static final String HEALTHY = "s-00001";
    private static final String SUSPECT = "s-00002";

    @Test
    void aSuspectMeterIsSkippedByCampaignsUntilAnOperatorClearsIt() throws Exception {
        String dcuId = "DCU-E2E-SUSPECT";
        int base = MeterFleet.freePortBase(2);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "s", "count": 2, "tcpPortBase": %d}]
                """.formatted(base))) {
            MeterModel tampered = fleet.emulator().population().meter(SUSPECT);
            tampered.set(CosemObjects.CLOCK_TIME, CosemDateTime.of(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), 0).toDataValue());
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 5, 115200);
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 21));
            try (DcuProcess dcu = fx.start(dcuId, tmp.resolve("data"), conf)) {
                Conditions.await(Duration.ofSeconds(60)).alias("the drifting meter is suspect")
                        .until(() -> suspect(dcuId, SUSPECT));
                assertThat(suspect(dcuId, HEALTHY)).isFalse();
                assertThat(fx.get(dcuId, "meters.read", "{\"meterId\": \"" + SUSPECT + "\"}").get("suspectReason").getAsString())
                        .startsWith("CLOCK_DRIFT: meter clock is");
                String firmware = fx.stage(dcuId, pkg);

                JsonObject out = campaign(dcuId, "both", firmware, HEALTHY + "," + SUSPECT);
                JsonObject skipped = job(out, SUSPECT);
                assertThat(skipped.get("state").getAsString()).isEqualTo("CANCELLED");
                assertThat(skipped.get("errorCode").getAsString()).isEqualTo("METER_SUSPECT");
                assertThat(job(out, HEALTHY).get("state").getAsString()).isEqualTo("SUCCEEDED");
                JsonObject history = fx.get(dcuId, "campaign.history", "{\"id\": \"both\", \"meterId\": \"" + SUSPECT + "\"}");
                assertThat(history.toString()).contains("METER_SUSPECT").contains("CLOCK_DRIFT").contains("meters.clear-suspect");
                assertThat(fleet.status(SUSPECT).blocksReceived()).as("not contacted for the campaign").isZero();
                assertThat(fleet.status(SUSPECT).runningFirmware()).isEqualTo("1.0.0");

                // the technician set the clock right; an operator clears the meter
                tampered.set(CosemObjects.CLOCK_TIME, CosemDateTime.of(OffsetDateTime.now(ZoneOffset.UTC), 0).toDataValue());
                assertThat(fx.console("meters", "clear-suspect", dcuId, SUSPECT)).contains("cleared");
                assertThat(suspect(dcuId, SUSPECT)).isFalse();
                JsonArray audit = fx.get(dcuId, "audit.query", "{\"action\": \"meter.clear-suspect\"}").getAsJsonArray("entries");
                assertThat(audit).singleElement().satisfies(e -> assertThat(e.toString())
                        .contains(SUSPECT).contains(fx.operator.keyId()).contains("CLOCK_DRIFT"));

                JsonObject again = campaign(dcuId, "after-clear", firmware, SUSPECT);
                assertThat(job(again, SUSPECT).get("state").getAsString()).as(dcu.output()).isEqualTo("SUCCEEDED");
                assertThat(fleet.status(SUSPECT).runningFirmware()).isEqualTo("2.0.0");
            }
        }
    }

    private boolean suspect(String dcuId, String meterId) throws Exception {
        for (JsonElement m : fx.get(dcuId, "meters.list", "{}").getAsJsonArray("meters")) {
            if (m.getAsJsonObject().get("meterId").getAsString().equals(meterId)) {
                return m.getAsJsonObject().get("suspect").getAsBoolean();
            }
        }
        throw new AssertionError(meterId + " not listed");
    }

    /** Runs a campaign over {@code meters} to its end; returns its status with the meters' jobs. */
    private JsonObject campaign(String dcuId, String id, String firmware, String meters) throws Exception {
        fx.console("campaign", "create", dcuId, "--id", id, "--firmware", firmware, "--meters", meters,
                "--waves", "rest", "--concurrency", "2", "--max-attempts", "4", "--backoff", "0.5", "--max-backoff", "2");
        CampaignWatcher.Outcome out;
        try (CampaignWatcher watcher = CampaignWatcher.watch(fx.client, dcuId, id).start()) {
            fx.console("campaign", "start", dcuId, id);
            out = watcher.await(Duration.ofMinutes(3));
        }
        assertThat(out.state()).isEqualTo("COMPLETED");
        JsonObject status = new JsonObject();
        JsonArray jobs = new JsonArray();
        out.meters().forEach(jobs::add);
        status.add("meters", jobs);
        return status;
    }

    private static JsonObject job(JsonObject status, String meterId) {
        for (JsonElement j : status.getAsJsonArray("meters")) {
            if (j.getAsJsonObject().get("meterId").getAsString().equals(meterId)) {
                return j.getAsJsonObject();
            }
        }
        throw new AssertionError(meterId + " not in " + status);
    }
}
