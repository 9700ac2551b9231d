package io.fums.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.demo.report.Chromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo end to end, as README's command runs it but smaller: broker,
 * 20 emulated meters with faults, the real DCU distribution, the console's
 * story, every step green, and a report that opens in headless Chromium.
 */
@Tag("CARD-4")
@Tag("ARC-3")
class DemoIT {

    @Test
    void theDemoPlaysGreenAndItsReportOpensInHeadlessChromium() throws Exception {
        Path work = Path.of("target", "demo-it").toAbsolutePath();
        deleteTree(work); // a fresh DCU, meters and broker every run, as on a fresh clone
        Path report = work.resolve("report.html");
        int rc = new CommandLine(new DemoMain()).execute("--meters", "20", "--baud", "38400", "--image-kib", "8", "--faults",
                "self-check=1,refuse-activation=1,corrupt-block=1", "--read-seconds", "5", "--work", work.toString(), "--report",
                report.toString(), "--inputs", Path.of("target", "inputs").toAbsolutePath().toString());
        assertThat(rc).as("demo exit code; DCU log:\n%s", Files.exists(work.resolve("dcu.log"))
                ? Files.readString(work.resolve("dcu.log")) : "none").isZero();
        String html = Files.readString(report);
        assertThat(html).contains("campaign completed", "broken update rolled back", "METER_SELF_CHECK_FAILED",
                "METER_VERIFY_FAILED").doesNotContain("<script");
        BufferedImage image = Chromium.screenshot(report, work.resolve("report.png"), work);
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(Chromium.hasColour(image, 0x43a047)).as("the campaign timeline is drawn").isTrue();
        Files.copy(work.resolve("report.png"), Path.of("target", "demo-report-screenshot.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
