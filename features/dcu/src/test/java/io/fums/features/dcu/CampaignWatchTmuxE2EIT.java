package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.fums.testsupport.Conditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code fums-console campaign watch} in a real terminal (issue 18, "a live view that moves"): tmux (a 100 x 30
 * pane) runs the console as its own process against the real DCU distribution, two emulated meters and the broker.
 * The campaign's meters wait for a scheduled activation ten minutes ahead; the screen shows one line whose clock
 * ticks, whose width stays 97 columns (the terminal's less 3; cut with an ellipsis) and which says what the meters
 * wait for. Ctrl-C ends the line, shows the cursor again, says the campaign keeps running, and the console exits
 * 130; the campaign is still RUNNING on the DCU. Each screen capture is printed.
 */
@Tag("UMS-3")
@Tag("SM-9")
@EnabledIf("tmuxInstalled")
class CampaignWatchTmuxE2EIT extends CampaignE2E {

    private static final String DCU = "DCU-E2E-WATCH";
    private static final Pattern LIVE = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\dZ) watch .*$");
    private static final Duration SCREEN = Duration.ofSeconds(30);

    static boolean tmuxInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/tmux"));
    }

    @Test
    void theWatchTicksKeepsItsWidthSaysWhatTheMetersWaitForAndLeavesTheCampaignRunningOnCtrlC() throws Exception {
        long t0 = System.nanoTime();
        int base = MeterFleet.freePortBase(4);
        try (MeterFleet fleet = MeterFleet.start(tmp.resolve("fleet"), """
                "groups": [{"id": "w", "count": 2, "tcpPortBase": %d}]
                """.formatted(base))) {
            Path conf = fleet.conf(fx.home, tmp.resolve("conf"), 60, 115200);
            Path pkg = fx.keys.meterFirmware(tmp.resolve("pkg"), "2.0.0", MeterFleet.image("2.0.0", 4 * 1024, 7));
            try (DcuProcess dcu = fx.start(DCU, tmp.resolve("data"), conf)) {
                String firmware = fx.stage(DCU, pkg);
                Instant at = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
                fx.console("campaign", "create", DCU, "--id", "watch", "--firmware", firmware, "--device-type", "FUMS-EM-1",
                        "--at", at.toString(), "--waves", "rest", "--concurrency", "2");
                fx.console("campaign", "start", DCU, "watch");
                Conditions.await("both meters scheduled", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                        .until(() -> scheduled(fx.get(DCU, "campaign.status", "{\"id\":\"watch\"}")) == 2);

                try (Tmux tmux = new Tmux(tmp.resolve("tmux"), console("campaign", "watch", DCU, "watch", "--poll", "2"))) {
                    String first = tmux.awaitScreen("the live line says what the meters wait for",
                            s -> s.contains("waiting: activation at " + at + " (in "));
                    String clock1 = liveLine(first).group(1);
                    String second = tmux.awaitScreen("the clock ticks",
                            s -> liveLine(s) != null && !liveLine(s).group(1).equals(clock1));
                    for (String screen : List.of(first, second)) {
                        String line = liveLine(screen).group();
                        assertThat(line).as("one fixed width, the terminal's less 3 (room for ^C), cut with an ellipsis")
                                .hasSize(97)
                                .endsWith("\u2026");
                        assertThat(line).contains(" watch      RUNNING   0/2  waiting: activation at " + at + " (in 9m",
                                " | AC"); // the meters per state (ACTIVATION_SCHEDULED=2), cut at the width
                        assertThat(screen).doesNotContain("Exception", "\tat ");
                    }
                    assertThat(liveLine(first).group().indexOf("waiting:")).as("no jumping columns")
                            .isEqualTo(liveLine(second).group().indexOf("waiting:"));
                    assertThat(tmux.display("#{cursor_flag}")).as("the cursor is hidden while the line is live").isEqualTo("0");

                    tmux.sendKeys("C-c");
                    String end = tmux.awaitScreen("Ctrl-C ends the watch", s -> s.contains("[exit "));
                    // the message is wider than the pane: tmux wraps it
                    assertThat(end.replace("\n", "")).contains("campaign watch keeps running on " + DCU
                            + "; watch again with: fums-console campaign watch " + DCU + " watch").contains("[exit 130]")
                            .doesNotContain("Exception", "\tat ");
                    List<String> lines = end.lines().filter(l -> !l.isBlank()).toList();
                    int said = indexOf(lines, "keeps running on");
                    assertThat(said).as("one live line, ended whole (the echoed ^C wiped), then the message:\n%s", end)
                            .isEqualTo(1);
                    assertThat(LIVE.matcher(lines.get(0)).matches()).as(end).isTrue();
                    assertThat(tmux.display("#{cursor_flag}")).as("the cursor is shown again").isEqualTo("1");
                }
                JsonObject after = fx.get(DCU, "campaign.status", "{\"id\":\"watch\"}");
                assertThat(after.get("state").getAsString()).as("the campaign keeps running on the DCU").isEqualTo("RUNNING");
                assertThat(after.getAsJsonObject("activation").get("at").getAsString()).isEqualTo(at.toString());
                fx.console("campaign", "cancel", DCU, "watch");
            }
        }
        System.out.println("CampaignWatchTmuxE2EIT took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s");
    }

    private static int scheduled(JsonObject status) {
        JsonObject counts = status.getAsJsonObject("counts");
        return counts.has("ACTIVATION_SCHEDULED") ? counts.get("ACTIVATION_SCHEDULED").getAsInt() : 0;
    }

    private static Matcher liveLine(String screen) {
        Matcher m = LIVE.matcher(screen);
        Matcher last = null;
        while (m.find()) {
            last = LIVE.matcher(m.group());
            last.matches();
        }
        return last;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + text + "' in " + lines);
    }

    /** The console as the operator runs it: its own JVM, this test's class path, the broker's TLS arguments. */
    private List<String> console(String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = Files.writeString(tmp.resolve("console.args"), "-cp \"" + cp + "\"\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argFile, "io.fums.emulator.console.FumsConsole"));
        cmd.addAll(List.of(args));
        cmd.addAll(fx.broker.tls().consoleArgs());
        return cmd;
    }

    /** A tmux server of this test alone (its own socket), one 100 x 30 session running a command. */
    private static final class Tmux implements AutoCloseable {
        private final Path socket;

        Tmux(Path dir, List<String> command) throws Exception {
            Files.createDirectories(dir);
            socket = dir.resolve("socket");
            StringBuilder script = new StringBuilder();
            for (String c : command) {
                script.append('\'').append(c.replace("'", "'\\''")).append("' ");
            }
            // Ctrl-C goes to the whole foreground group: bash runs its trap only once the console has ended (the
            // console's own SIGINT handling stays the default one), then shows the exit code and keeps the pane open
            Path sh = Files.writeString(dir.resolve("run.sh"), "trap 'true' INT\n" + script
                    + "\necho \"[exit $?]\"\nexec sleep 600\n");
            run("new-session", "-d", "-s", "w", "-x", "100", "-y", "30", "bash " + sh);
        }

        String capture() throws Exception {
            return run("capture-pane", "-p", "-t", "w");
        }

        String display(String format) throws Exception {
            return run("display-message", "-p", "-t", "w", format).strip();
        }

        void sendKeys(String keys) throws Exception {
            run("send-keys", "-t", "w", keys);
        }

        String awaitScreen(String what, java.util.function.Predicate<String> ok) {
            String[] screen = {""};
            try {
                Conditions.await(what, SCREEN).pollInterval(Duration.ofMillis(200)).until(() -> ok.test(screen[0] = capture()));
            } finally {
                System.out.println("---- screen (" + what + ") ----\n" + screen[0].stripTrailing() + "\n----");
            }
            return screen[0];
        }

        private String run(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("tmux %s: %s", String.join(" ", args), out).isZero();
            return out;
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server").redirectErrorStream(true).start()
                    .waitFor(10, TimeUnit.SECONDS);
        }
    }
}
