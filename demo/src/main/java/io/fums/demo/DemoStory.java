package io.fums.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.demo.report.HtmlReport;
import io.fums.demo.report.ReportData;
import io.fums.emulator.console.FumsConsole;
import io.fums.emulator.console.Response;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The story the demo plays, step by step, in front of the user; each step's outcome goes into the report. */
final class DemoStory {

    private static final String CAMPAIGN = "demo-fw-2-0-0";
    /** The feature the demo swaps; every other bundle is a bystander. */
    private static final String LEAF = "leaf";

    private final DemoStage stage;
    private final DemoSettings settings;
    private final PrintStream out;
    private final List<ReportData.Step> steps = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    DemoStory(DemoStage stage, DemoSettings settings, PrintStream out) {
        this.stage = stage;
        this.settings = settings;
        this.out = out;
    }

    int play() throws Exception {
        Instant started = Instant.now();
        say("starting the embedded MQTT 5 broker");
        stage.startBroker();
        say("starting " + settings.meters() + " emulated meters (DLMS over TCP, " + settings.baud() + " bit/s links; "
                + settings.suite0Meters() + " on HLS-GMAC security suite 0, " + settings.suite1Meters()
                + " on HLS-ECDSA security suite 1; faults: " + settings.faults() + ")");
        stage.startMeters();
        say("starting the DCU distribution (its own process; log " + settings.work().resolve("dcu.log") + ")");
        stage.startDcu();
        JsonObject state = stage.awaitInventory(Duration.ofSeconds(60));
        step("DCU online", DemoChecks.online(state, stage.dcu.status(), stage.dcu.process().pid(), stage.dcu.process().isAlive()));
        step("DCU loaded the meter inventory", DemoChecks.inventory(state, settings.meters()));
        console("show", DemoStage.DCU_ID);
        ReportCollector collect = new ReportCollector(stage.client, DemoStage.DCU_ID, CAMPAIGN);
        Map<String, Long> missedBefore = provisionKeys(collect);

        Path pkgDir = settings.work().resolve("packages");
        say("hot-swapping a DCU software update (leaf 1.0.0)");
        JsonArray before = bundles();
        int rc = console("deploy", stage.packages.leafFeature(pkgDir, "1.0.0", "leaf-v1", "").toString(), "--dcu", DemoStage.DCU_ID);
        JsonArray swapped = bundles();
        String leaf = leafVersion();
        step("software update hot-swapped", rc == 0 && "1.0.0".equals(leaf), lastSwap() + "; the DCU runs leaf " + leaf);
        DemoChecks.Check hotSwap = DemoChecks.bystanders(before, swapped, LEAF);
        say("deploying a deliberately broken update (leaf 2.0.0 fails to activate): the DCU rolls it back by itself");
        rc = console("deploy", stage.packages.leafFeature(pkgDir, "2.0.0", "leaf-failing-activate", "").toString(), "--dcu",
                DemoStage.DCU_ID);
        JsonArray rolledBack = bundles();
        leaf = leafVersion();
        step("broken update rolled back", rc != 0 && "1.0.0".equals(leaf), lastSwap() + "; the DCU still runs leaf " + leaf);
        DemoChecks.Check rollback = DemoChecks.bystanders(swapped, rolledBack, LEAF);
        step("nothing unrelated stopped", hotSwap.ok() && rollback.ok(),
                "hot-swap: " + hotSwap.detail() + "; rollback: " + rollback.detail());

        say("staging signed meter firmware 2.0.0 (" + settings.imageKib() + " KiB image)");
        Path fw = stage.packages.meterFirmware(pkgDir, "2.0.0", stage.image("2.0.0"));
        rc = console("firmware", "stage", DemoStage.DCU_ID, fw.toString());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(fw)));
        step("meter firmware staged", rc == 0, "package " + sha.substring(0, 16) + "...");

        Instant at = activationTime();
        say("campaign in waves (1 canary, 10 %, the rest); the healthy meters activate together at " + at);
        rc = console("campaign", "create", DemoStage.DCU_ID, "--id", CAMPAIGN, "--firmware", sha, "--device-type", "FUMS-EM-1",
                "--at", at.toString(), "--waves", "1,10%,rest", "--concurrency", "1", "--max-attempts", "5", "--backoff", "1",
                "--max-backoff", "4", "--error-threshold", "50%");
        rc += console("campaign", "start", DemoStage.DCU_ID, CAMPAIGN);
        Instant campaignStart = Instant.now();
        int watched = console("campaign", "watch", DemoStage.DCU_ID, CAMPAIGN);
        Duration took = Duration.between(campaignStart, Instant.now());
        JsonObject status = get("campaign.status", "{\"id\": \"" + CAMPAIGN + "\"}");
        step("campaign completed", rc == 0 && watched == 0, "in " + HtmlReportFacts.duration(took) + "; " + status.get("counts"));

        ReportCollector.Readings readings = collect.readings(settings.readSeconds());
        Map<String, Long> missed = new LinkedHashMap<>();
        readings.missed().forEach((m, n) -> missed.put(m, n - missedBefore.getOrDefault(m, 0L)));
        DemoChecks.Check read = DemoChecks.readings(readings.meters(), readings.stale(), readings.done(), missed,
                settings.faults().powerCutMeters("m", settings.suite0Meters()));
        step("meter readings continued", read);
        facts.put("meters", settings.meters() + " (" + DemoChecks.inventory(state, settings.meters()).detail() + ")");
        facts.put("link speed", settings.baud() + " bit/s per meter");
        facts.put("image", settings.imageKib() + " KiB");
        facts.put("campaign duration", HtmlReportFacts.duration(took));
        facts.put("campaign result", status.get("counts").toString());
        facts.put("readings", read.detail());
        ReportData data = collect.report("FUMS-DCU demo", started, Instant.now(), facts, steps, status);
        Path file = HtmlReport.write(data, settings.report());
        printSummary(data);
        out.println("fums-demo: report written to " + file + " (open it in a browser)");
        boolean ok = steps.stream().allMatch(ReportData.Step::ok);
        if (settings.keep()) {
            out.println("fums-demo: everything keeps running (--keep). Try:  java -jar emulator/console/target/fums-console.jar"
                    + " show " + DemoStage.DCU_ID + " " + String.join(" ", stage.cloud.consoleArgs()) + "   Ctrl-C stops all.");
            Thread.currentThread().join();
        }
        return ok ? 0 : 1;
    }

    /**
     * SEC-1: the meters' keys, from the vendor's export, sealed to the DCU's key-agreement key and sent signed
     * (one console run); then waits until every meter was read with them. Reads before are missed (no keys yet):
     * returns each meter's missed reads at that point, which the readings check does not count.
     */
    private Map<String, Long> provisionKeys(ReportCollector collect) throws Exception {
        say("provisioning the meters' keys from the cloud (meters.json says \"keyRef\": \"store\"): sealed to the"
                + " DCU's key-agreement key, signed");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (JsonObject s = null; (s == null || !s.has("keyAgreementKey")) && System.nanoTime() < deadline; ) {
            s = stage.client.fleetState(Duration.ofMillis(300)).get(DemoStage.DCU_ID);
            Thread.sleep(200); // polling the DCU's retained state, as an operator's tool would
        }
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        int rc = console("meters", "keys", DemoStage.DCU_ID, "--keys-file", stage.meterKeys().toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int read = 0;
        deadline = System.nanoTime() + Duration.ofSeconds(3L * settings.readSeconds() + 30).toNanos();
        while (rc == 0 && System.nanoTime() < deadline) {
            read = 0;
            for (JsonElement m : get("meters.list", "{}").getAsJsonArray("meters")) {
                JsonElement last = m.getAsJsonObject().get("lastReadAt");
                read += last != null && !last.isJsonNull() && Instant.parse(last.getAsString()).isAfter(at) ? 1 : 0;
            }
            if (read == settings.meters()) {
                break;
            }
            Thread.sleep(500);
        }
        step("meter keys provisioned", rc == 0 && read == settings.meters(), settings.meters() + " meters' keys in "
                + ms + " ms (one console run); " + read + " of " + settings.meters() + " meters read with them");
        return collect.readings(settings.readSeconds()).missed();
    }

    private Instant activationTime() {
        double perMeter = settings.imageKib() * 1024.0 * 10 / settings.baud() * 1.25 + 4;
        int rest = Math.max(0, settings.meters() - 1 - (int) Math.ceil(settings.meters() * 0.1));
        double waves = perMeter * (1 + Math.ceil(Math.ceil(settings.meters() * 0.1) / 32.0) + Math.ceil(rest / 32.0));
        return Instant.now().plusSeconds((long) waves + 20).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Every bundle of the DCU now, as {@code software.list} reports it. */
    private JsonArray bundles() throws Exception {
        return get("software.list", "{}").getAsJsonArray("bundles");
    }

    /** The DCU's record of its latest swap, on one line: outcome (code): message. */
    private String lastSwap() throws Exception {
        JsonObject last = get("software.history", "{\"limit\": 1}").getAsJsonArray("swaps").get(0).getAsJsonObject();
        String code = last.get("code").isJsonNull() ? "" : " (" + last.get("code").getAsString() + ")";
        return last.get("outcome").getAsString() + code + ": " + last.get("message").getAsString();
    }

    private String leafVersion() throws Exception {
        JsonObject state = stage.client.fleetState(Duration.ofSeconds(1)).get(DemoStage.DCU_ID);
        JsonObject bundles = state.getAsJsonObject("software").getAsJsonObject("bundles");
        return bundles.has("io.fums.test.leaf") ? bundles.get("io.fums.test.leaf").getAsString() : "none";
    }

    private JsonObject get(String operation, String body) throws Exception {
        Response r = stage.client.request(DemoStage.DCU_ID, operation, body, null).get(60, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new IllegalStateException(operation + ": " + r.code() + " " + r.message());
        }
        return r.dataObject();
    }

    private int console(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(stage.cloud.consoleArgs());
        all.addAll(List.of("-k", stage.operatorKey.toString()));
        out.println("$ fums-console " + String.join(" ", args));
        PrintWriter w = new PrintWriter(out, true);
        return FumsConsole.commandLine(w, w).execute(all.toArray(String[]::new));
    }

    private void say(String text) {
        out.println();
        out.println("== " + text);
    }

    private void step(String name, DemoChecks.Check check) {
        step(name, check.ok(), check.detail());
    }

    private void step(String name, boolean ok, String detail) {
        steps.add(new ReportData.Step(name, ok, detail, Instant.now()));
        out.println((ok ? "   [ok] " : "   [FAILED] ") + name + ": " + detail);
    }

    private void printSummary(ReportData d) {
        out.println();
        out.println("== summary");
        out.printf("%-34s %s%n", "step", "outcome");
        for (ReportData.Step s : d.steps()) {
            out.printf("%-34s %s  %s%n", s.name(), s.ok() ? "ok    " : "FAILED", s.detail());
        }
        Map<String, Integer> finals = new LinkedHashMap<>();
        d.meters().forEach(m -> finals.merge(m.finalState(), 1, Integer::sum));
        out.println("meters by final state: " + finals + "; alarms: " + d.alarms().size() + "; audit entries: " + d.audit().size());
        for (ReportData.MeterTimeline m : d.meters()) {
            if (!"SUCCEEDED".equals(m.finalState())) {
                out.printf("  %-10s %-9s %s%n", m.meterId(), m.finalState(), m.errorCode());
            }
        }
    }
}
