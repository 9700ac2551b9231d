package io.fums.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.demo.report.Chromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo end to end, as README's command runs it but smaller: broker,
 * 20 emulated meters with faults, the real DCU distribution, the console's
 * story, every step green and judged from what the DCU reported (its state,
 * bundle list, read statistics, swap history), the broken update told in one
 * line with its trace in the DCU's log, and a report that opens in headless
 * Chromium.
 */
@Tag("CARD-4")
@Tag("ARC-3")
@Tag("SEC-1")
class DemoIT {

    @Test
    void theDemoPlaysGreenAndItsReportOpensInHeadlessChromium() throws Exception {
        Path work = Path.of("target", "demo-it").toAbsolutePath();
        deleteTree(work); // a fresh DCU, meters and broker every run, as on a fresh clone
        Path report = work.resolve("report.html");
        ByteArrayOutputStream told = new ByteArrayOutputStream();
        DemoMain demo = new DemoMain();
        demo.out = new PrintStream(new TeeOutputStream(System.out, told), true, StandardCharsets.UTF_8);
        int rc = new CommandLine(demo).execute("--meters", "20", "--baud", "38400", "--image-kib", "8", "--faults",
                "self-check=1,refuse-activation=1,corrupt-block=1", "--read-seconds", "5", "--work", work.toString(), "--report",
                report.toString(), "--inputs", Path.of("target", "inputs").toAbsolutePath().toString());
        assertThat(rc).as("demo exit code; DCU log:\n%s", Files.exists(work.resolve("dcu.log"))
                ? Files.readString(work.resolve("dcu.log")) : "none").isZero();
        String story = told.toString(StandardCharsets.UTF_8);
        String dcuLog = Files.readString(work.resolve("dcu.log"));
        // each verdict is a figure the DCU reported
        assertThat(story).contains("[ok] DCU online: retained state online since", "status file up; process",
                "[ok] DCU loaded the meter inventory: 20 meters in the DCU's inventory (its retained state), none insecure;"
                        + " the demo set up 20",
                "[ok] nothing unrelated stopped: hot-swap: all ", "; rollback: all ",
                "kept their bundle ids, last modifications, start counts and ",
                "[ok] meter readings continued: ", " reads done, 0 missed; 0 of 20 meters not read",
                "[ok] meter keys provisioned: 20 meters' keys in ", "20 of 20 meters read with them");
        // the broken update: one line in the story, the trace in the DCU's log
        assertThat(story).containsPattern("\\[ok\\] broken update rolled back: ROLLED_BACK \\(SWAP_START_FAILED\\): leaf 2\\.0\\.0 rolled back:"
                + " component \\S*LeafComponent of io\\.fums\\.test\\.leaf failed to activate: \\S+: leaf \\S+ refuses to activate"
                + " \\(test fixture\\); the previous set runs again; the DCU still runs leaf 1\\.0\\.0");
        assertThat(story.lines().filter(l -> l.strip().startsWith("at ") || l.strip().startsWith("Caused by:")))
                .as("no stack trace in the story").isEmpty();
        assertThat(dcuLog).contains("refuses to activate (test fixture)").containsPattern("\\tat io\\.fums\\.test\\.leaf\\.\\S+LeafComponent");
        // SEC-1: the DCU's effective configuration names a TLS broker with a client certificate, no tcp:// one
        String cloud = Files.readString(work.resolve("conf/config/io.fums.cloud.mqtt.json"));
        assertThat(cloud).contains("\"brokerUrl\": \"ssl://localhost:", "\"clientCertFile\"", "\"clientKeyFile\"", "\"caFile\"")
                .doesNotContain("allowInsecure");
        try (var files = Files.walk(work.resolve("conf"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f).contains("tcp://");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).as("no tcp:// broker in the DCU's conf").isEmpty();
        }
        assertThat(dcuLog).contains("starting: broker ssl://localhost:").doesNotContain("insecure: plain tcp://");
        // issue 13 "Must show": the demo's effective configuration and state hold no meter key, no "none" meter and
        // no tcp:// broker; the keys came from the cloud, never from a plaintext file (no meter.keys.plaintext)
        String inventory = Files.readString(work.resolve("conf/meters.json"));
        assertThat(inventory).contains("\"keyRef\": \"store\"");
        // issue 13: one meter in ten on security suite 1 (HLS-ECDSA), in the campaign with the others: 17 of the 20
        // succeed (3 faulty suite 0 meters), so both suite 1 meters did
        assertThat(inventory.split("\"high-ecdsa\"", -1)).as("2 suite 1 meters in the inventory").hasSize(3);
        assertThat(story).contains("18 on HLS-GMAC security suite 0, 2 on HLS-ECDSA security suite 1")
                .containsPattern("\\[ok\\] campaign completed: .*\"SUCCEEDED\":17");
        assertThat(io.fums.features.dcu.EffectiveConfig.problems(List.of(work.resolve("conf"), work.resolve("dcu-data")),
                work.resolve("meter-keys.txt"), dcuLog)).isEmpty();
        String html = Files.readString(report);
        assertThat(html).contains("campaign completed", "broken update rolled back", "METER_SELF_CHECK_FAILED",
                "METER_VERIFY_FAILED").doesNotContain("<script");
        BufferedImage image = Chromium.screenshot(report, work.resolve("report.png"), work);
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(Chromium.hasColour(image, 0x43a047)).as("the campaign timeline is drawn").isTrue();
        Files.copy(work.resolve("report.png"), Path.of("target", "demo-report-screenshot.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes to both streams: the story shows on the console and is kept for the assertions. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
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
