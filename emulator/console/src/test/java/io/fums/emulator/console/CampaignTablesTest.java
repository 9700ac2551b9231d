package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rendering of campaign, firmware and meter data. */
class CampaignTablesTest {

    @Test
    void theFinalPerMeterTable() {
        JsonObject status = JsonParser.parseString(CampaignWatcherTest.status("COMPLETED",
                "{\"m-00001\":\"SUCCEEDED\",\"m-2\":\"REVERTED\"}")).getAsJsonObject();
        status.getAsJsonArray("meters").get(1).getAsJsonObject().addProperty("errorCode", "METER_SELF_CHECK_FAILED");
        status.getAsJsonArray("meters").get(1).getAsJsonObject().addProperty("message", "self-check failed; reverted");
        assertThat(render(CampaignTables.meters(status, Map.of("m-00001", Duration.ofSeconds(245))))).isEqualTo("""
                METER    STATE      ERROR                    DURATION  ATTEMPTS  UPDATED               MESSAGE
                m-00001  SUCCEEDED  -                        4m 05s    1         2026-03-01T12:00:00Z
                m-2      REVERTED   METER_SELF_CHECK_FAILED  -         1         2026-03-01T12:00:00Z  self-check failed; reverted
                """);
        assertThat(CampaignTables.progressLine(status)).isEqualTo("fw-2  COMPLETED  2/2 done  SUCCEEDED=1 REVERTED=1");
    }

    @Test
    void theWatchReportAndItsPlainLines() {
        JsonObject status = JsonParser.parseString(CampaignWatcherTest.status("PAUSED", "{\"m-1\":\"REVERTED\"}"))
                .getAsJsonObject();
        status.addProperty("reason", "error threshold 1 reached in wave 1");
        CampaignWatcher.Event alarm = new CampaignWatcher.Event("a1", "alarm", "DCU-1", Instant.parse("2026-03-01T12:00:09Z"),
                JsonParser.parseString("{\"code\":\"CAMPAIGN_THRESHOLD\",\"meterId\":null,\"message\":\"paused\"}")
                        .getAsJsonObject());
        CampaignWatcher.Event result = new CampaignWatcher.Event("r1", "meter-result", "DCU-1",
                Instant.parse("2026-03-01T12:00:08Z"), JsonParser.parseString(CampaignWatcherTest.result("fw-2", "m-1",
                        "REVERTED", "METER_VERIFY_FAILED")).getAsJsonObject());
        StringWriter text = new StringWriter();
        CampaignWatchCommand.printOutcome(new PrintWriter(text), new CampaignWatcher.Outcome("fw-2", "PAUSED", status,
                List.of(result), List.of(alarm), 1), Map.of());
        assertThat(text.toString()).isEqualTo("""
                campaign fw-2  PAUSED  1/1 done  REVERTED=1  (error threshold 1 reached in wave 1)
                METER  STATE     ERROR  DURATION  ATTEMPTS  UPDATED               MESSAGE
                m-1    REVERTED  -      -         1         2026-03-01T12:00:00Z
                1 meter result received, 1 duplicate dropped
                alarms:
                  2026-03-01T12:00:09Z  CAMPAIGN_THRESHOLD  -  paused
                """);

        StringWriter lines = new StringWriter();
        CampaignWatchCommand.LineView view = new CampaignWatchCommand.LineView(new PrintWriter(lines), false);
        JsonObject summary = CampaignStatusJson.summaryOf(status);
        view.progress(summary);
        view.progress(summary);
        view.meterResult(result);
        view.alarm(alarm);
        assertThat(lines.toString()).isEqualTo("""
                progress  fw-2  PAUSED  1/1 done  REVERTED=1  (error threshold 1 reached in wave 1)
                result    m-1  REVERTED  METER_VERIFY_FAILED  2026-03-01T12:00:08Z
                ALARM     CAMPAIGN_THRESHOLD  -  paused
                """);
        JsonObject json = CampaignWatchCommand.outcomeJson(new CampaignWatcher.Outcome("fw-2", "PAUSED", status, List.of(result),
                List.of(), 0), Map.of("m-1", Duration.ofMillis(1500)));
        assertThat(json.get("durationMillis").getAsJsonObject().get("m-1").getAsLong()).isEqualTo(1500);
        assertThat(json.getAsJsonArray("meterResults").get(0).getAsJsonObject().get("id").getAsString()).isEqualTo("r1");
    }

    @Test
    @Tag("SEC-5")
    void campaignsFirmwareMetersReadingsAndTransitions() {
        JsonArray campaigns = JsonParser.parseString("[{\"id\":\"fw-2\",\"state\":\"RUNNING\",\"firmware\":\"2.0.0\","
                + "\"createdAt\":\"2026-03-01T12:00:00Z\",\"updatedAt\":\"2026-03-01T12:01:00Z\",\"total\":3,\"done\":1,"
                + "\"counts\":{\"PENDING\":2,\"SUCCEEDED\":1},\"reason\":null}]").getAsJsonArray();
        assertThat(render(CampaignTables.campaigns(campaigns))).isEqualTo("""
                CAMPAIGN  STATE    FIRMWARE  DONE  CREATED               UPDATED               COUNTS
                fw-2      RUNNING  2.0.0     1/3   2026-03-01T12:00:00Z  2026-03-01T12:01:00Z  PENDING=2 SUCCEEDED=1
                """);
        JsonObject fw = JsonParser.parseString("{\"packageSha256\":\"ab12\",\"name\":\"em-fw\",\"version\":\"2.0.0\","
                + "\"vendor\":\"FUMS\",\"compatible\":[\"EM-1\",\"EM-2\"],\"size\":65536,\"stagedAt\":\"2026-03-01T11:00:00Z\"}")
                .getAsJsonObject();
        assertThat(render(CampaignTables.firmware(List.of(fw)))).isEqualTo("""
                PACKAGE SHA-256  NAME   VERSION  COMPONENT  VENDOR  DEVICE TYPES  SIZE   STAGED
                ab12             em-fw  2.0.0    core       FUMS    EM-1,EM-2     65536  2026-03-01T11:00:00Z
                """);
        JsonArray meters = JsonParser.parseString("[{\"meterId\":\"m-1\",\"deviceType\":\"EM-1\",\"linkId\":\"rs485-a\","
                + "\"address\":\"hdlc rs485-a @0x11\",\"firmwareIdentifier\":\"1.0.0\","
                + "\"components\":{\"core\":\"1.0.0\",\"metrology\":\"4.0.0\",\"communication\":\"7.1.0\"},\"lastReadAt\":\"2026-03-01T12:00:00Z\","
                + "\"suspect\":true,\"security\":\"high-gmac+suite0\",\"insecure\":false,\"supply\":{\"state\":\"disconnected\"},"
                + "\"capabilities\":{\"imageTransfer\":true,\"imageBlockSize\":512,\"activationSchedule\":false,"
                + "\"disconnectControl\":true,\"securitySetup\":true}},"
                + "{\"meterId\":\"m-2\","
                + "\"deviceType\":\"EM-1\",\"linkId\":\"rs485-a\",\"address\":\"x\",\"firmwareIdentifier\":null,"
                + "\"lastReadAt\":null,\"suspect\":false,\"security\":\"none\",\"insecure\":true}]").getAsJsonArray();
        assertThat(render(CampaignTables.meterList(meters))).as("SEC-5: an insecure meter is marked; SEC-4: supply; SM-9: what it offers")
                .isEqualTo("""
                METER  DEVICE TYPE  LINK     ADDRESS             SECURITY          SUPPLY        FIRMWARE                                   LAST READ             SUSPECT  OFFERS
                m-1    EM-1         rs485-a  hdlc rs485-a @0x11  high-gmac+suite0  disconnected  1.0.0 metrology=4.0.0 communication=7.1.0  2026-03-01T12:00:00Z  yes      image/512,no-schedule,disconnect,security
                m-2    EM-1         rs485-a  x                   none INSECURE     ?             -                                          -                     no       ?
                """);
        JsonArray readings = JsonParser.parseString("[{\"scheduledAt\":\"2026-03-01T12:15:00Z\",\"readAt\":\"2026-03-01T12:15:01Z\","
                + "\"values\":{\"1-0:1.8.0.255\":\"12.5 Wh\",\"1-0:0.2.0.255\":\"2.0.0\"}},{\"scheduledAt\":\"2026-03-01T12:00:00Z\","
                + "\"readAt\":\"2026-03-01T12:00:01Z\",\"values\":{\"1-0:1.8.0.255\":\"10 Wh\"}}]").getAsJsonArray();
        assertThat(render(CampaignTables.readings(readings))).isEqualTo("""
                SCHEDULED             READ AT               1-0:1.8.0.255  1-0:0.2.0.255
                2026-03-01T12:15:00Z  2026-03-01T12:15:01Z  12.5 Wh        2.0.0
                2026-03-01T12:00:00Z  2026-03-01T12:00:01Z  10 Wh          -
                """);
        JsonObject history = JsonParser.parseString("{\"transitions\":[{\"from\":\"PENDING\",\"to\":\"INITIATED\","
                + "\"at\":\"2026-03-01T12:00:00Z\",\"errorCode\":null,\"detail\":\"initiated\"}]}").getAsJsonObject();
        assertThat(render(CampaignTables.transitions(history))).isEqualTo("""
                AT                    FROM     TO         ERROR  DETAIL
                2026-03-01T12:00:00Z  PENDING  INITIATED  -      initiated
                """);
    }

    @Test
    void durationsReadLikePeopleSayThem() {
        assertThat(CampaignTables.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(CampaignTables.duration(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(CampaignTables.duration(Duration.ofSeconds(245))).isEqualTo("4m 05s");
        assertThat(CampaignTables.duration(Duration.ofMinutes(62))).isEqualTo("1h 02m");
        assertThat(CampaignStatusJson.span(JsonParser.parseString("{\"transitions\":[]}").getAsJsonObject())).isNull();
    }

    private static String render(Table t) {
        StringWriter w = new StringWriter();
        t.print(new PrintWriter(w));
        return w.toString().replace(System.lineSeparator(), "\n");
    }
}
