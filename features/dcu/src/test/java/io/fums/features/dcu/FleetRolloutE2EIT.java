package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.emulator.console.fleet.FleetStore;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.testsupport.Conditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One meter-firmware rollout across a fleet, end to end: five real DCU distributions as their own processes (the
 * shipped -Xmx64m), six ciphered emulated meters each, one TLS broker, and the operator's console driving the
 * rollout from its own store as its own process: 1 canary DCU, then 25 %, then the rest. Every meter of one DCU
 * fails its self-check, so that DCU's own campaign pauses and the fleet threshold (25 % of the DCUs started) pauses
 * the rollout before the last wave; the operator excludes that DCU and resumes. The console is killed (SIGKILL) once
 * in the second wave and started again: it resumes from its store and the DCUs' campaign states, and starts nothing
 * twice. Every healthy meter ends on the new firmware, and every meter result is in the console's store exactly once.
 *
 * <p>Proves: ARC-1, ARC-2, ARC-3, ARC-4, UMS-1, UMS-3, UC-1, CARD-2.
 */
@Tag("ARC-1")
@Tag("ARC-2")
@Tag("ARC-3")
@Tag("UMS-1")
@Tag("UMS-3")
@Tag("CARD-2")
class FleetRolloutE2EIT extends CampaignE2E {

    private static final int DCUS = 5;
    private static final int METERS = 6;
    private static final String FAILING = "FLEET-3";

    @Test
    void aFleetRolloutRunsItsWavesPausesAtTheThresholdSurvivesAConsoleKillAndCompletes() throws Exception {
        long t0 = System.nanoTime();
        Map<String, MeterFleet> fleets = new LinkedHashMap<>();
        Map<String, DcuProcess> dcus = new LinkedHashMap<>();
        Process console = null;
        try {
            List<CompletableFuture<DcuProcess>> starting = new ArrayList<>();
            for (int d = 1; d <= DCUS; d++) {
                String id = "FLEET-" + d;
                String faults = id.equals(FAILING) ? """
                        , "meters": [%s]""".formatted(String.join(",", java.util.stream.IntStream.rangeClosed(1, METERS)
                        .mapToObj(i -> "{\"id\": \"f%d-%05d\", \"faults\": {\"failSelfCheck\": true}}".formatted(3, i))
                        .toList())) : "";
                MeterFleet fleet = MeterFleet.start(tmp.resolve("meters-" + d), """
                        "groups": [{"id": "f%d", "count": %d, "tcpPortBase": %d}]%s
                        """.formatted(d, METERS, MeterFleet.freePortBase(METERS), faults));
                fleets.put(id, fleet);
                Path conf = fleet.conf(fx.home, tmp.resolve("conf-" + d), 5, 9600);
                labels(conf, "region=north,group=g" + d);
                Path data = tmp.resolve("data-" + d);
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return fx.start(id, data, conf);
                    } catch (Exception e) {
                        throw new IllegalStateException(id + " did not start", e);
                    }
                }));
            }
            for (int d = 1; d <= DCUS; d++) {
                dcus.put("FLEET-" + d, starting.get(d - 1).get(3, TimeUnit.MINUTES));
            }
            System.out.printf("fleet: %d DCUs up in %d s%n", DCUS, (System.nanoTime() - t0) / 1_000_000_000);
            Path store = tmp.resolve("fleet-store");
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 7));

            String list = fx.console("fleet", "list", "--label", "region=north", "--store", store.toString());
            assertThat(list).contains("5 DCUs", "FUMS-EM-1", "group=g1,region=north");

            String created = fx.console("fleet", "rollout", "create", "r1", "--package", pkg.toString(),
                    "--label", "region=north", "--device-type", "FUMS-EM-1", "--waves", "1,25%,rest",
                    "--max-parallel", "5", "--max-failed-dcus", "25%", "--max-failed-meters", "60%",
                    "--meter-waves", "2,rest", "--concurrency", "3", "--error-threshold", "1", "--yes",
                    "--store", store.toString());
            assertThat(created).as("UC-1: what the operator confirms").contains("compatible device types: FUMS-EM-1",
                    "release notes:", "wave 1: FLEET-1", "wave 2: FLEET-2 FLEET-3", "wave 3: FLEET-4 FLEET-5");

            // the driver as its own process, killed in the second wave
            console = console(store, "start", "console-1.log");
            Conditions.await("the second wave in work", Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> state(store, "FLEET-2").inWork() || state(store, "FLEET-3").inWork());
            console.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            System.out.println("fleet: console killed in wave 2; its output:\n" + read("console-1.log"));

            console = console(store, "start", "console-2.log");
            assertThat(console.waitFor(4, TimeUnit.MINUTES)).as(read("console-2.log")).isTrue();
            String second = read("console-2.log");
            assertThat(console.exitValue()).as(second).isEqualTo(1);
            assertThat(second).contains("rollout r1  PAUSED (fleet threshold: 1 of 3 DCUs started failed");
            try (FleetStore s = FleetStore.open(store, Clock.systemUTC())) {
                assertThat(s.dcus("r1")).extracting(FleetStore.RolloutDcu::state).as("no DCU of the last wave started")
                        .containsExactly(DcuState.SUCCEEDED, DcuState.SUCCEEDED, DcuState.FAILED, DcuState.PENDING,
                                DcuState.PENDING);
                assertThat(s.dcus("r1").get(2).code()).isEqualTo("CAMPAIGN_PAUSED");
            }

            String excluded = fx.console("fleet", "rollout", "exclude", "r1", FAILING, "--store", store.toString());
            assertThat(excluded).contains(FAILING + " EXCLUDED");
            String resumed = fx.console("fleet", "rollout", "resume", "r1", "--store", store.toString(), "--poll", "2");
            assertThat(resumed).contains("rollout r1  COMPLETED", "wave 3  [########################]  2/2 DCUs");

            // every healthy meter on the new firmware; the failing DCU's meters on the old one
            for (Map.Entry<String, MeterFleet> e : fleets.entrySet()) {
                for (String meter : e.getValue().meterIds()) {
                    assertThat(e.getValue().status(meter).runningFirmware()).as(e.getKey() + " " + meter)
                            .isEqualTo(e.getKey().equals(FAILING) ? "1.0.0" : "2.0.0");
                }
            }
            try (FleetStore s = FleetStore.open(store, Clock.systemUTC())) {
                for (String dcu : dcus.keySet()) {
                    // every final meter job of the DCU's campaign is in the store once, with its state
                    JsonObject status = fx.get(dcu, "campaign.status", "{\"id\": \"fleet-r1\"}");
                    Map<String, String> finals = new LinkedHashMap<>();
                    for (JsonElement j : status.getAsJsonArray("meters")) {
                        JsonObject job = j.getAsJsonObject();
                        String state = job.get("state").getAsString();
                        if (List.of("SUCCEEDED", "REVERTED", "CANCELLED").contains(state)) {
                            finals.put(job.get("meterId").getAsString(), state);
                        }
                    }
                    Map<String, String> stored = new LinkedHashMap<>();
                    s.results("r1", dcu).forEach(r -> assertThat(stored.put(r.meterId(), r.state())).isNull());
                    if (dcu.equals(FAILING)) {
                        // its campaign was paused, then cancelled with the DCU excluded: the results the console took
                        // in are the DCU's, once each
                        assertThat(finals).as(dcu).containsAllEntriesOf(stored);
                        assertThat(stored).as(dcu).containsValue("REVERTED");
                    } else {
                        assertThat(stored).as(dcu + ": every result in the console once").isEqualTo(finals);
                        assertThat(stored).as(dcu).hasSize(METERS).allSatisfy((m, st) -> assertThat(st)
                                .isEqualTo("SUCCEEDED"));
                    }
                    // nothing started twice: one admitted campaign.create and one campaign.start per DCU
                    assertThat(admitted(dcu, "campaign.create")).as(dcu + " campaign.create").isEqualTo(1);
                    assertThat(admitted(dcu, "campaign.start")).as(dcu + " campaign.start").isEqualTo(1);
                }
                long duplicates = s.workers().stream().mapToLong(FleetStore.WorkerStats::duplicates).sum();
                System.out.printf("fleet: rollout done in %d s; workers %s; %d results delivered again and dropped%n",
                        (System.nanoTime() - t0) / 1_000_000_000, s.workers(), duplicates);
            }
        } finally {
            if (console != null && console.isAlive()) {
                console.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (DcuProcess d : dcus.values()) {
                d.close();
            }
            fleets.values().forEach(MeterFleet::close);
        }
    }

    /** Command-admission audit entries of {@code operation} on the DCU (each state-changing request admitted). */
    private int admitted(String dcu, String operation) throws Exception {
        int n = 0;
        for (JsonElement e : fx.get(dcu, "audit.query", "{\"action\": \"command.admit\", \"limit\": 1000}")
                .getAsJsonArray("entries")) {
            if (operation.equals(e.getAsJsonObject().get("subject").getAsString())) {
                n++;
            }
        }
        return n;
    }

    private static DcuState state(Path store, String dcu) {
        try (FleetStore s = FleetStore.open(store, Clock.systemUTC())) {
            return s.dcus("r1").stream().filter(d -> d.dcuId().equals(dcu)).findFirst().orElseThrow().state();
        } catch (Exception e) {
            return DcuState.PENDING;
        }
    }

    /** Adds labels to the DCU's cloud link configuration. */
    static void labels(Path conf, String labels) throws IOException {
        Path file = conf.resolve(CloudTls.CLOUD_CONFIG);
        JsonObject o = Files.exists(file) ? com.google.gson.JsonParser.parseString(Files.readString(file))
                .getAsJsonObject() : new JsonObject();
        o.addProperty("labels", labels);
        Files.createDirectories(file.getParent());
        Files.writeString(file, o + "\n");
    }

    /** {@code fums-console fleet rollout <command> r1} as its own JVM (this test's class path), output to a file. */
    private Process console(Path store, String command, String log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = Files.writeString(tmp.resolve("console.args"), "-cp \"" + cp + "\"\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argFile, "io.fums.emulator.console.FumsConsole", "fleet", "rollout", command, "r1",
                "--store", store.toString(), "-k", fx.operatorKey.toString(), "--poll", "2"));
        cmd.addAll(fx.broker.tls().consoleArgs());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile()).start();
    }

    private String read(String log) {
        try {
            return Files.readString(tmp.resolve(log));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
