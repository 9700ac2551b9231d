package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The live line of {@code campaign watch} (issue 18, "a live view that moves"): the clock, fixed width whatever the
 * text, what the meters wait for, and the clean end (cursor shown again). The tmux test drives it in a real terminal.
 */
@Tag("UMS-3")
class WatchLineTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:55:48Z");
    private static final JsonObject AT = json("{\"mode\":\"at\",\"at\":\"2026-12-07T03:00:00Z\"}");
    private static final JsonObject WINDOW = json("{\"mode\":\"window\",\"start\":\"03:30\",\"end\":\"04:00\"}");

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static JsonObject summary(String state, int done, int total, String counts, String reason) {
        return json("{\"campaign\":\"fw-2\",\"state\":\"" + state + "\",\"done\":" + done + ",\"total\":" + total
                + ",\"counts\":" + counts + ",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"") + "}");
    }

    @Test
    void saysWhatTheMetersWaitFor() {
        JsonObject scheduled = summary("RUNNING", 0, 3, "{\"ACTIVATION_SCHEDULED\":2,\"TRANSFERRING\":1}", null);
        assertThat(WatchLine.waiting(scheduled, AT, NOW)).isEqualTo("waiting: activation at 2026-12-07T03:00:00Z (in 4m12s)");
        assertThat(WatchLine.waiting(scheduled, AT, Instant.parse("2026-12-07T03:00:00Z"))).isEqualTo("in work");
        JsonObject verified = summary("RUNNING", 0, 2, "{\"VERIFIED\":2}", null);
        assertThat(WatchLine.waiting(verified, WINDOW, NOW)).isEqualTo("window closed until 2026-12-07T03:30:00Z (in 34m12s)");
        assertThat(WatchLine.waiting(verified, WINDOW, Instant.parse("2026-12-07T03:45:00Z"))).isEqualTo("in work");
        assertThat(WatchLine.waiting(verified, WINDOW, Instant.parse("2026-12-07T04:00:00Z")))
                .isEqualTo("window closed until 2026-12-08T03:30:00Z (in 23h30m)");
        assertThat(WatchLine.waiting(summary("RUNNING", 0, 2, "{\"TRANSFERRING\":2}", null), AT, NOW)).isEqualTo("in work");
        assertThat(WatchLine.waiting(summary("PAUSED", 1, 2, "{}", "paused by the operator"), AT, NOW))
                .isEqualTo("paused by operator");
        assertThat(WatchLine.waiting(summary("PAUSED", 1, 2, "{}", "error threshold 20% reached in wave 1"), AT, NOW))
                .isEqualTo("paused: error threshold 20% reached in wave 1");
        assertThat(WatchLine.waiting(summary("CREATED", 0, 2, "{}", null), null, NOW)).startsWith("waiting: campaign start");
        assertThat(WatchLine.waiting(scheduled, json("{\"mode\":\"at\",\"at\":\"soon\"}"), NOW)).isEqualTo("in work");
    }

    @Test
    void theLineHasOneWidthAndItsColumnsStayInPlace() {
        JsonObject s1 = summary("RUNNING", 7, 120, "{\"ACTIVATION_SCHEDULED\":100,\"TRANSFERRING\":13,\"SUCCEEDED\":7}", null);
        JsonObject s2 = summary("COMPLETED", 120, 120, "{\"SUCCEEDED\":120}", null);
        String a = WatchLine.render(s1, AT, 0, NOW, 99);
        String b = WatchLine.render(s2, AT, 3, NOW.plusSeconds(1), 99);
        String c = WatchLine.render(null, null, 0, NOW, 99);
        System.out.println("[" + a + "]\n[" + b + "]\n[" + c + "]");
        assertThat(a).hasSize(99).startsWith("02:55:48Z fw-2       RUNNING     7/120  waiting: activation at 2026-12-07T03:00:00Z (in 4m12s) | ")
                .endsWith(String.valueOf(WatchLine.ELLIPSIS));
        assertThat(b).hasSize(99).startsWith("02:55:49Z fw-2       COMPLETED 120/120  completed | alarms=3 | SUCCEEDED=120");
        assertThat(c).hasSize(99).startsWith("02:55:48Z asking the DCU");
        assertThat(a.indexOf("7/120") + 5).as("the done column ends in one place").isEqualTo(b.indexOf("120/120") + 7);
        assertThat(WatchLine.fit("abc\u001b[2Jdef", 12)).as("no escape sequence from a DCU's text").isEqualTo("abc?[2Jdef  ");
    }

    @Test
    void theLiveViewTicksWithItsClockAndEndsCleanly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        LiveView view = new LiveView(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, 100);
        view.progress(summary("RUNNING", 0, 3, "{\"ACTIVATION_SCHEDULED\":3}", null).deepCopy());
        JsonObject withActivation = summary("RUNNING", 0, 3, "{\"ACTIVATION_SCHEDULED\":3}", null);
        withActivation.add("activation", AT);
        view.progress(withActivation);
        assertThat(view.line()).as("the terminal's width less 3: room for an echoed ^C").hasSize(97)
                .contains("02:55:48Z", "(in 4m12s)");
        now.set(NOW.plus(Duration.ofSeconds(2)));
        view.progress(summary("RUNNING", 0, 3, "{\"ACTIVATION_SCHEDULED\":3}", null));
        assertThat(view.line()).as("an event without activation keeps the one known").hasSize(97)
                .contains("02:55:50Z", "(in 4m10s)");
        view.interrupted("DCU-0042", "fw-2");
        view.close();
        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen).startsWith(LiveView.HIDE_CURSOR + "\r").contains("\n" + LiveView.SHOW_CURSOR)
                .endsWith("campaign fw-2 keeps running on DCU-0042; watch again with: fums-console campaign watch DCU-0042 fw-2"
                        + System.lineSeparator());
        assertThat(screen.indexOf(LiveView.SHOW_CURSOR)).as("shown once").isEqualTo(screen.lastIndexOf(LiveView.SHOW_CURSOR));
    }
}
