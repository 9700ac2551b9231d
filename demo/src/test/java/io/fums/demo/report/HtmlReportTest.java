package io.fums.demo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo report: self-contained (no script, no external resource), escapes
 * what it shows, draws the timeline, and opens in headless Chromium, which
 * renders it to a screenshot.
 */
@Tag("CARD-4")
class HtmlReportTest {

    @TempDir
    Path dir;

    static ReportData sample() {
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        List<ReportData.MeterTimeline> meters = new ArrayList<>();
        String[] path = {"INITIATED", "TRANSFERRING", "TRANSFERRED", "VERIFYING", "VERIFIED", "ACTIVATION_SCHEDULED", "ACTIVATING",
            "SELF_TEST", "SUCCEEDED"};
        for (int m = 1; m <= 40; m++) {
            List<ReportData.Transition> tr = new ArrayList<>();
            boolean bad = m % 13 == 0;
            for (int i = 0; i < path.length; i++) {
                String state = bad && i == path.length - 1 ? "FAILED" : path[i];
                tr.add(new ReportData.Transition(state, t0.plusMillis(m * 700L + i * 4000L)));
            }
            if (bad) {
                tr.add(new ReportData.Transition("REVERTED", t0.plusMillis(m * 700L + path.length * 4000L)));
            }
            meters.add(new ReportData.MeterTimeline(String.format("m-%05d", m), bad ? "REVERTED" : "SUCCEEDED",
                    bad ? "METER_SELF_CHECK_FAILED" : null, bad ? "self-check failed <reverted>" : "runs 2.0.0", tr));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("meters", "40");
        facts.put("readings missed", "0");
        return new ReportData("FUMS-DCU demo", t0, t0.plusSeconds(95), facts,
                List.of(new ReportData.Step("DCU online", true, "state retained", t0),
                        new ReportData.Step("broken software update rolls back", true, "SWAP_START_FAILED", t0.plusSeconds(5))),
                meters, List.of(new ReportData.Alarm(t0.plusSeconds(50), "m-00013", "METER_SELF_CHECK_FAILED", "failed upgrade process")),
                List.of(new ReportData.AuditRow(1, t0, "cloud", "campaign.create", "OK", "fw-2", null)));
    }

    @Test
    void theReportIsSelfContainedEscapedAndDrawsTheTimeline() {
        String html = HtmlReport.render(sample());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "<path d=\"M", "m-00013", "METER_SELF_CHECK_FAILED")
                .contains("self-check failed &lt;reverted&gt;").doesNotContain("<script", "src=\"http", "href=\"http", "@import");
        assertThat(html).contains("SUCCEEDED: <b>37</b>", "REVERTED: <b>3</b>");
    }

    @Test
    void theReportOpensInHeadlessChromiumAndRendersAScreenshot() throws Exception {
        Path report = HtmlReport.write(sample(), dir.resolve("report.html"));
        Path png = dir.resolve("report.png");
        BufferedImage image = Chromium.screenshot(report, png, dir);
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(1600);
        assertThat(Chromium.hasColour(image, 0x43a047)).as("the timeline's SUCCEEDED area is on the screenshot").isTrue();
        Path keep = Path.of("target", "report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
