package io.fums.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each of the demo's verdicts is judged from what the DCU reported, in the
 * shapes docs/mqtt-api.md documents, and fails when the DCU says otherwise.
 */
@Tag("CARD-4")
class DemoChecksTest {

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static JsonArray array(String s) {
        return JsonParser.parseString(s).getAsJsonArray();
    }

    private static Properties status(String state, String pid) {
        Properties p = new Properties();
        p.setProperty("state", state);
        p.setProperty("pid", pid);
        return p;
    }

    private static final JsonObject ONLINE = json("""
            {"online": true, "dcuId": "DCU-DEMO-0001", "time": "2026-03-01T12:00:00Z",
             "meters": {"available": true, "count": 20, "firmware": {"1.0.0": 20}, "unidentified": 0, "suspects": 0,
                        "insecure": 0, "insecureMeters": []}}""");

    @Test
    void dcuOnlineNeedsTheRetainedStateTheStatusFileAndALiveProcess() {
        assertThat(DemoChecks.online(ONLINE, status("up", "4711"), 4711, true))
                .isEqualTo(new DemoChecks.Check(true, "retained state online since 2026-03-01T12:00:00Z; status file up; process 4711 alive"));

        JsonObject will = json("{\"online\": false, \"dcuId\": \"DCU-DEMO-0001\", \"time\": \"2026-03-01T12:00:00Z\", "
                + "\"reason\": \"connection lost\"}");
        assertThat(DemoChecks.online(will, status("up", "4711"), 4711, true).ok()).isFalse();
        assertThat(DemoChecks.online(will, status("up", "4711"), 4711, true).detail())
                .isEqualTo("retained state says online=false (connection lost)");
        assertThat(DemoChecks.online(null, status("up", "4711"), 4711, true).detail()).isEqualTo("no retained state");
        assertThat(DemoChecks.online(ONLINE, status("up", "999"), 4711, true).detail())
                .as("a status file left by another process does not count")
                .isEqualTo("status file says state=up pid=999 (process 4711)");
        assertThat(DemoChecks.online(ONLINE, status("stopped", "4711"), 4711, false))
                .isEqualTo(new DemoChecks.Check(false, "status file says state=stopped pid=4711 (process 4711); process 4711 is not alive"));
    }

    @Test
    @Tag("SEC-5")
    void theMeterCountIsTheDcusInventoryNotTheDemosSettingAndNoMeterIsInsecure() {
        assertThat(DemoChecks.inventory(ONLINE, 20)).isEqualTo(new DemoChecks.Check(true,
                "20 meters in the DCU's inventory (its retained state), none insecure; the demo set up 20"));
        assertThat(DemoChecks.inventory(ONLINE, 21)).isEqualTo(new DemoChecks.Check(false,
                "20 meters in the DCU's inventory (its retained state), none insecure; the demo set up 21"));
        JsonObject insecure = json("""
                {"online": true, "meters": {"available": true, "count": 20, "insecure": 1, "insecureMeters": ["m-00007"]}}""");
        assertThat(DemoChecks.inventory(insecure, 20)).isEqualTo(new DemoChecks.Check(false,
                "20 meters in the DCU's inventory (its retained state), 1 INSECURE [\"m-00007\"]; the demo set up 20"));
        JsonObject noInventory = json("{\"online\": true, \"meters\": {\"available\": false, \"count\": 0, \"firmware\": {}}}");
        assertThat(DemoChecks.inventory(noInventory, 20).ok()).isFalse();
        assertThat(DemoChecks.inventory(noInventory, 20).detail()).startsWith("the DCU's state has no meter inventory");
    }

    private static final String BEFORE = """
            [{"symbolicName": "org.apache.felix.framework", "feature": "framework", "state": "ACTIVE", "version": "7.0.5",
              "bundleId": 0, "lastModified": 100, "starts": 0, "serviceIds": [1, 2]},
             {"symbolicName": "io.fums.cloud.mqtt", "feature": "base", "state": "ACTIVE", "version": "0.1.0",
              "bundleId": 14, "lastModified": 200, "starts": 0, "serviceIds": [52, 53]},
             {"symbolicName": "io.fums.test.leaf", "feature": "leaf", "state": "ACTIVE", "version": "1.0.0",
              "bundleId": 40, "lastModified": 300, "starts": 1, "serviceIds": [90]}]""";

    @Test
    void bystandersKeepTheirIdsModificationsStartsAndServicesWhileTheFeatureChanges() {
        String after = """
                [{"symbolicName": "org.apache.felix.framework", "feature": "framework", "state": "ACTIVE", "version": "7.0.5",
                  "bundleId": 0, "lastModified": 100, "starts": 0, "serviceIds": [1, 2, 95]},
                 {"symbolicName": "io.fums.cloud.mqtt", "feature": "base", "state": "ACTIVE", "version": "0.1.0",
                  "bundleId": 14, "lastModified": 200, "starts": 0, "serviceIds": [52, 53]},
                 {"symbolicName": "io.fums.test.leaf", "feature": "leaf", "state": "ACTIVE", "version": "2.0.0",
                  "bundleId": 41, "lastModified": 900, "starts": 1, "serviceIds": [96]}]""";

        assertThat(DemoChecks.bystanders(array(BEFORE), array(after), "leaf")).as("a new service is no disturbance")
                .isEqualTo(new DemoChecks.Check(true,
                        "all 2 bundles outside leaf kept their bundle ids, last modifications, start counts and 4 service ids"));
    }

    @Test
    void aRestartedReinstalledOrUpdatedBystanderFailsTheCheck() {
        String after = """
                [{"symbolicName": "org.apache.felix.framework", "feature": "framework", "state": "ACTIVE", "version": "7.0.5",
                  "bundleId": 0, "lastModified": 100, "starts": 0, "serviceIds": [1, 2]},
                 {"symbolicName": "io.fums.cloud.mqtt", "feature": "base", "state": "ACTIVE", "version": "0.1.0",
                  "bundleId": 14, "lastModified": 200, "starts": 1, "serviceIds": [97, 98]}]""";
        assertThat(DemoChecks.bystanders(array(BEFORE), array(after), "leaf")).isEqualTo(new DemoChecks.Check(false,
                "1 of 2 bundles outside leaf disturbed: io.fums.cloud.mqtt: starts 0 -> 1, services [52, 53] unregistered"));

        String reinstalled = """
                [{"symbolicName": "org.apache.felix.framework", "feature": "framework", "state": "ACTIVE", "version": "7.0.5",
                  "bundleId": 0, "lastModified": 100, "starts": 0, "serviceIds": [1, 2]},
                 {"symbolicName": "io.fums.cloud.mqtt", "feature": "base", "state": "RESOLVED", "version": "0.1.0",
                  "bundleId": 44, "lastModified": 700, "starts": 0, "serviceIds": []}]""";
        assertThat(DemoChecks.bystanders(array(BEFORE), array(reinstalled), "leaf").detail())
                .isEqualTo("1 of 2 bundles outside leaf disturbed: io.fums.cloud.mqtt (bundle id 14) is gone");

        String updated = """
                [{"symbolicName": "org.apache.felix.framework", "feature": "framework", "state": "ACTIVE", "version": "7.0.5",
                  "bundleId": 0, "lastModified": 100, "starts": 0, "serviceIds": [1, 2]},
                 {"symbolicName": "io.fums.cloud.mqtt", "feature": "base", "state": "ACTIVE", "version": "0.1.1",
                  "bundleId": 14, "lastModified": 800, "starts": 0, "serviceIds": [52, 53]}]""";
        assertThat(DemoChecks.bystanders(array(BEFORE), array(updated), "leaf").detail()).isEqualTo(
                "1 of 2 bundles outside leaf disturbed: io.fums.cloud.mqtt: lastModified 200 -> 800, version \"0.1.0\" -> \"0.1.1\"");

        assertThat(DemoChecks.bystanders(array("[]"), array("[]"), "leaf").ok()).as("no figures, no pass").isFalse();
    }

    @Test
    void aMissedReadFailsTheReadingsStepUnlessThatMetersPowerWasCutOnPurpose() {
        assertThat(DemoChecks.readings(3, 0, 90, Map.of("m-00001", 0L, "m-00002", 0L, "m-00003", 0L), Set.of()))
                .isEqualTo(new DemoChecks.Check(true, "90 reads done, 0 missed; 0 of 3 meters not read in the last two periods"));
        assertThat(DemoChecks.readings(3, 0, 89, Map.of("m-00001", 0L, "m-00002", 1L, "m-00003", 0L), Set.of()))
                .isEqualTo(new DemoChecks.Check(false,
                        "89 reads done, 1 missed ({m-00002=1}); 0 of 3 meters not read in the last two periods"));
        assertThat(DemoChecks.readings(3, 0, 89, Map.of("m-00001", 0L, "m-00002", 1L, "m-00003", 0L), Set.of("m-00002")))
                .isEqualTo(new DemoChecks.Check(true,
                        "89 reads done, 1 missed; on meters with a power cut {m-00002=1}; 0 of 3 meters not read in the last two periods"));
        assertThat(DemoChecks.readings(3, 1, 90, Map.of(), Set.of()).ok()).as("a stale meter fails the step").isFalse();
    }

    @Test
    void thePowerCutMetersAreTheOnesTheFaultMixCuts() {
        FaultMix mix = FaultMix.parse("self-check=1,power-cut=2");
        assertThat(mix.powerCutMeters("m", 20)).hasSize(2).allMatch(id -> id.matches("m-\\d{5}"));
        assertThat(mix.entries("m", 20).stream().filter(e -> e.contains("powerCutAt")))
                .allMatch(e -> mix.powerCutMeters("m", 20).stream().anyMatch(e::contains));
        assertThat(FaultMix.parse("self-check=1").powerCutMeters("m", 20)).isEmpty();
    }
}
