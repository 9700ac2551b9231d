package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.OperatorKey;
import io.fums.emulator.console.fleet.FleetRollouts;
import io.fums.emulator.console.fleet.FleetStore;
import io.fums.emulator.console.fleet.RolloutDriver;
import io.fums.emulator.console.web.ConsoleLink;
import io.fums.emulator.console.web.WebConsole;
import io.fums.testsupport.Conditions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator's web console ({@code fums-console serve}, issue 17) in headless Chromium, against two real DCU
 * processes (six emulated meters, one of which fails its self-check, and four) and the broker over TLS: the fleet page
 * shows both DCUs online with their software and meter firmware; a campaign of one id on both DCUs is one rollout,
 * which the rollout page starts through its confirmation, the command signed with the operator's key for each DCU; the live view's counts change while the campaign runs (Server-Sent Events
 * from the console's MQTT subscription) and its chart gets samples; the failure shows by its code; the DCU page
 * drills down to every meter's result, a meter's transitions and the audit trail that names the operator's key.
 * Then a fleet rollout over both DCUs (waves {@code 1,rest}), created with {@code fums-console fleet rollout create}
 * in the fleet store the web console shows ({@code FleetRollouts}), is started from its page and driven by the
 * console: the canary's wave runs while the rest waits, the count moves, both waves end DONE, the failure shows by code.
 * No page logs a console error, an uncaught exception or a refused resource (the Content-Security-Policy is strict).
 * Two screenshots (the fleet, the fleet rollout) are checked (size, not blank, the header's colour) and kept in
 * target/ (docs/img/ holds copies).
 *
 * <p>Proves: ARC-1, ARC-2, UMS-3, CARD-2, CARD-4, SEC-4.
 */
@Tag("ARC-1")
@Tag("ARC-2")
@Tag("UMS-3")
@Tag("CARD-2")
@Tag("CARD-4")
@Tag("SEC-4")
class WebConsoleE2EIT extends CampaignE2E {

    private static final String DCU = "DCU-E2E-WEB-1";
    private static final String DCU2 = "DCU-E2E-WEB-2";
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;

    @Test
    void theFleetAndTheLiveRolloutLoadWithoutErrorsTheStartIsSignedTheCountsMoveAndTheDrillDownReachesTheAudit()
            throws Exception {
        long t0 = System.nanoTime();
        int base = MeterFleet.freePortBase(6);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet-a"), """
                "groups": [{"id": "a", "count": 6, "tcpPortBase": %d}],
                "meters": [{"id": "a-00004", "faults": {"failSelfCheck": true}}]
                """.formatted(base));
             MeterFleet fleet2 = MeterFleet.start(tmp.resolve("fleet-b"), """
                "groups": [{"id": "b", "count": 4, "tcpPortBase": %d}]
                """.formatted(MeterFleet.freePortBase(4)))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf-a"), 5, 115200);
            Path conf2 = fleet2.conf(fx.home, tmp.resolve("conf-b"), 5, 115200);
            FleetRolloutE2EIT.labels(conf, "region=web");
            FleetRolloutE2EIT.labels(conf2, "region=web");
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 8 * 1024, 17));
            try (DcuProcess dcu = fx.start(DCU, tmp.resolve("data-a"), conf);
                 DcuProcess dcu2 = fx.start(DCU2, tmp.resolve("data-b"), conf2)) {
                // one campaign id on both DCUs: one rollout of the web console
                for (String id : new String[] {DCU, DCU2}) {
                    String firmware = fx.stage(id, pkg);
                    fx.console("campaign", "create", id, "--id", "fw-web", "--firmware", firmware, "--device-type",
                            "FUMS-EM-1", "--waves", "1,rest", "--concurrency", "2", "--error-threshold", "50%");
                }
                OperatorKey key = OperatorKey.read(fx.operatorKey);
                Path store = tmp.resolve("fleet-store");
                Clock clock = Clock.systemUTC();
                RolloutDriver.Settings drive = new RolloutDriver.Settings("web-e2e", "fums-fleet", Duration.ofSeconds(1),
                        Duration.ofSeconds(30), Duration.ofSeconds(900), Duration.ofMinutes(5), "127.0.0.1", 0,
                        "127.0.0.1");
                try (FleetStore fleetStore = FleetStore.open(store, clock);
                     ConsoleClient client = ConsoleClient.connect(fx.broker.tls().console());
                     FleetRollouts rollouts = new FleetRollouts(fleetStore, ConsoleLink.of(client, key,
                             Duration.ofMinutes(5)), FleetRollouts.driver(fx.broker.tls().console(), key, fleetStore,
                             clock, drive), new PrintWriter(System.err, true)).start(Duration.ofMillis(500));
                     WebConsole web = WebConsole.builder(ConsoleLink.of(client, key, Duration.ofMinutes(5))).port(0)
                             .fleet(rollouts).poll(Duration.ofSeconds(2)).start();
                     Cdp page = new Cdp(tmp.resolve("chromium"), WIDTH, HEIGHT)) {
                    String url = web.url();

                    // the fleet
                    page.open(url);
                    Conditions.await("the fleet page shows the DCU online and the rollout", Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200)).until(() -> Boolean.TRUE.equals(page.eval("""
                                    !!(document.querySelector('#dcus tr[data-dcu="%1$s"] .badge.online')
                                      && document.querySelector('#dcus tr[data-dcu="%2$s"] .badge.online')
                                      && (document.querySelector('#rollouts tr[data-rollout="fw-web"]') || {}).innerText
                                           ?.includes('%2$s')
                                      && document.getElementById('meter-count').textContent === '10')""".formatted(DCU, DCU2))
                                    .getAsBoolean()));
                    String row = page.evalString("document.querySelector('#dcus tr[data-dcu=\"" + DCU + "\"]').innerText");
                    assertThat(row).as("the committed software set").contains("gen ");
                    assertThat(page.errors()).as("console errors on the fleet page").isEmpty();

                    // the rollout, started from the page
                    page.open(url + "rollout.html?id=fw-web");
                    Conditions.await("the rollout page offers Start", Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> Boolean.FALSE.equals(page.eval(
                                    "document.querySelector('#commands button[data-action=start]').disabled").getAsBoolean()));
                    assertThat(page.evalString("document.getElementById('done').textContent")).isEqualTo("0/10");
                    page.eval("document.querySelector('#commands button[data-action=start]').click()");
                    assertThat(page.eval("document.getElementById('confirm').open").getAsBoolean())
                            .as("a confirmation first").isTrue();
                    assertThat(page.evalString("document.getElementById('confirm-signer').textContent")).contains(key.keyId());
                    page.eval("document.getElementById('confirm-yes').click()");
                    Conditions.await("the DCU accepted the signed start", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> page.evalString("document.getElementById('command-result').textContent")
                                    .contains(DCU + " OK") && page.evalString(
                                    "document.getElementById('command-result').textContent").contains(DCU2 + " OK"));
                    Set<String> seen = new HashSet<>();
                    Conditions.await("the live view's count moves", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> {
                                seen.add(page.evalString("document.getElementById('done').textContent"));
                                return seen.stream().anyMatch(s -> !s.equals("0/10") && !s.equals("-"));
                            });
                    Conditions.await("the rollout completes, its failure shown by code", Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(300)).until(() -> "COMPLETED".equals(page.evalString(
                                    "document.getElementById('state').textContent"))
                                    && page.evalString("document.getElementById('failures').innerText")
                                    .contains("METER_SELF_CHECK_FAILED"));
                    assertThat(page.evalString("document.getElementById('done').textContent")).isEqualTo("10/10");
                    assertThat(page.eval("Chart.getChart('chart').data.datasets.some(d => d.data.length >= 3)")
                            .getAsBoolean()).as("the chart has samples over time").isTrue();
                    assertThat(page.eval("Chart.getChart('chart').data.datasets.map(d => d.label)").toString())
                            .contains("SUCCEEDED", "REVERTED");
                    assertThat(page.evalString("document.getElementById('results').innerText"))
                            .as("meter results arrived live").contains("a-00004").contains(DCU2);
                    checked(page.screenshot(tmp.resolve("console-campaign.png")), "campaign");
                    assertThat(page.errors()).as("console errors on the rollout page").isEmpty();

                    // drill-down: per-meter results, a meter's transitions, the audit trail
                    page.open(url + "dcu.html?dcu=" + DCU + "&campaign=fw-web");
                    Conditions.await("the DCU page lists every meter and the audit", Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200)).until(() -> page.eval(
                                    "document.querySelectorAll('#meters tbody tr').length === 6"
                                            + " && document.querySelectorAll('#audit tbody tr').length > 0").getAsBoolean());
                    assertThat(page.evalString("document.querySelector('#meters tr[data-meter=\"a-00004\"]').innerText"))
                            .contains("REVERTED", "METER_SELF_CHECK_FAILED");
                    page.eval("document.querySelector('#meters a[data-meter=\"a-00004\"]').click()");
                    Conditions.await("the meter's transitions", Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> page.evalString("document.getElementById('history').innerText").contains("REVERTED"));
                    assertThat(page.evalString("document.getElementById('audit').innerText"))
                            .as("the audit trail names the operator's key and the start").contains(key.keyId())
                            .contains("campaign.start");
                    assertThat(page.errors()).as("console errors on the DCU page").isEmpty();

                    // a fleet rollout over both DCUs, created with the fleet CLI, started and followed on its page
                    Path pkg3 = fx.keys.meterFirmware(tmp.resolve("pkg3"), "3.0.0", MeterFleet.image("3.0.0", 8 * 1024,
                            19));
                    String created = fx.console("fleet", "rollout", "create", "web-fleet", "--package", pkg3.toString(),
                            "--label", "region=web", "--device-type", "FUMS-EM-1", "--waves", "1,rest",
                            "--max-failed-meters", "50%", "--meter-waves", "2,rest", "--concurrency", "2",
                            "--error-threshold", "3", "--yes", "--store", store.toString());
                    assertThat(created).contains("wave 1: " + DCU, "wave 2: " + DCU2);
                    page.open(url + "rollout.html?id=web-fleet");
                    Conditions.await("the fleet rollout's page offers Start", Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200)).until(() -> Boolean.FALSE.equals(page.eval(
                                    "document.querySelector('#commands button[data-action=start]').disabled").getAsBoolean()));
                    assertThat(page.evalString("document.getElementById('waves').innerText"))
                            .contains("wave 1 (1)", "wave 2 (rest)", DCU, DCU2);
                    page.eval("document.querySelector('#commands button[data-action=start]').click()");
                    assertThat(page.evalString("document.getElementById('confirm-text').textContent"))
                            .contains("fleet rollout web-fleet");
                    page.eval("document.getElementById('confirm-yes').click()");
                    Conditions.await("the console drives the started rollout", Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200)).until(() -> page.evalString(
                                    "document.getElementById('command-result').textContent").contains("console OK"));
                    Set<String> fleetSeen = new HashSet<>();
                    Set<String> waveStates = new HashSet<>();
                    Conditions.await("the fleet rollout completes, its counts moving live", Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(200)).until(() -> {
                                fleetSeen.add(page.evalString("document.getElementById('done').textContent"));
                                waveStates.add(page.evalString("document.getElementById('waves').innerText"));
                                return "COMPLETED".equals(page.evalString("document.getElementById('state').textContent"))
                                        && page.evalString("document.getElementById('done').textContent").equals("10/10");
                            });
                    assertThat(fleetSeen).as("the count moved while it ran").anyMatch(d -> d.matches("[1-9]\\d*/\\d+")
                            && !d.equals("10/10"));
                    assertThat(waveStates).as("the canary ran before the rest").anyMatch(w -> w.matches(
                            "(?s).*wave 1 \\(1\\)\\s+(RUNNING|DONE).*wave 2 \\(rest\\)\\s+PENDING.*"));
                    try {
                        Conditions.await("the failure by code", Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                                .until(() -> page.evalString("document.getElementById('failures').innerText")
                                        .contains("METER_SELF_CHECK_FAILED"));
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("no failure by code on the page: "
                                + page.evalString("document.getElementById('failures').innerText") + "; stored results: "
                                + fleetStore.results("web-fleet", null) + "; DCUs: " + fleetStore.dcus("web-fleet"), e);
                    }
                    assertThat(page.evalString("document.getElementById('waves').innerText"))
                            .matches("(?s).*wave 1 \\(1\\)\\s+DONE.*wave 2 \\(rest\\)\\s+DONE.*");
                    assertThat(page.eval("Chart.getChart('chart').data.datasets.map(d => d.label)").toString())
                            .contains("SUCCEEDED", "FAILED");
                    checked(page.screenshot(tmp.resolve("console-rollout.png")), "fleet rollout");
                    assertThat(page.errors()).as("console errors on the fleet rollout page").isEmpty();

                    // the fleet again: the rollout completed, the meters' firmware as their reads saw it
                    page.open(url);
                    Conditions.await("the fleet page shows the completed rollout and the meters' firmware",
                            Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> page.evalString(
                                    "document.querySelector('#dcus tr[data-dcu=\"" + DCU + "\"]')?.innerText ?? ''")
                                    .matches("(?s).*\\d+\\.\\d+\\.\\d+ \u00d7\\d.*") && page.evalString(
                                    "document.querySelector('#rollouts tr[data-rollout=\"fw-web\"]')?.innerText ?? ''")
                                    .contains("COMPLETED"));
                    checked(page.screenshot(tmp.resolve("console-fleet.png")), "fleet");
                    assertThat(page.errors()).as("console errors on the fleet page").isEmpty();
                }
                assertThat(fleet.status("a-00001").runningFirmware()).isEqualTo("3.0.0");
                assertThat(fleet.status("a-00004").runningFirmware()).isEqualTo("1.0.0");
                assertThat(fleet2.status("b-00004").runningFirmware()).isEqualTo("3.0.0");
            }
        }
        keep("console-fleet.png");
        keep("console-rollout.png");
        System.out.println("WebConsoleE2EIT took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s");
    }

    /** A screenshot of the window's size, not blank: many colours, and the header's. */
    private static void checked(BufferedImage image, String what) {
        assertThat(image.getWidth()).as(what).isEqualTo(WIDTH);
        assertThat(image.getHeight()).as(what).isEqualTo(HEIGHT);
        Set<Integer> colours = new HashSet<>();
        boolean header = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                header |= rgb == 0x0d2c4f;
            }
        }
        assertThat(colours.size()).as(what + ": not blank").isGreaterThan(50);
        assertThat(header).as(what + ": the header is drawn").isTrue();
    }

    /** Copies a screenshot to target/ (docs/img/ holds the committed copies). */
    private void keep(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Files.copy(tmp.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
