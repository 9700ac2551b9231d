package io.fums.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shell's parsing: bounded lines, words and quotes, reply framing, the technician's identity; the health
 * command's bounded messages (UMS-3).
 */
@Tag("UMS-3")
class ShellPartsTest {

    @Test
    void linesAreBoundedAndAnOverlongOneIsSkippedToItsEnd() throws Exception {
        String input = "ok\r\n" + "y".repeat(8) + "\n" + "z".repeat(9) + "\n" + "a".repeat(100_000) + "\nlast";
        LineReader r = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 8);
        assertThat(r.next().text()).isEqualTo("ok");
        assertThat(r.next().text()).isEqualTo("yyyyyyyy");
        assertThat(r.next().tooLong()).isTrue();
        assertThat(r.next().tooLong()).isTrue();
        assertThat(r.next().text()).isEqualTo("last");
        assertThat(r.next().end()).isTrue();
    }

    @Test
    void wordsSplitOnBlanksAndQuotesKeepBlanks() throws Exception {
        assertThat(Tokens.split("  install  \"/media/usb/my file.zip\"  ")).containsExactly("install", "/media/usb/my file.zip");
        assertThat(Tokens.split("")).isEmpty();
        assertThatThrownBy(() -> Tokens.split("meters read \u001b[2J")).isInstanceOf(FumsException.class)
                .hasMessageContaining("control character U+001B at column 13")
                .satisfies(e -> assertThat(((FumsException) e).code()).isEqualTo(ErrorCode.CMD_MALFORMED));
    }

    @Test
    void repliesDoubleALeadingDotAndEndWithTheirOutcome() {
        assertThat(Frames.reply(".hidden\nplain\n", null)).isEqualTo("..hidden\nplain\n.ok\n");
        assertThat(Frames.reply("", null)).isEqualTo(".ok\n");
        assertThat(Frames.reply("x: CMD_UNKNOWN: no", ErrorCode.CMD_UNKNOWN)).isEqualTo("x: CMD_UNKNOWN: no\n.err CMD_UNKNOWN\n");
    }

    @Test
    void issue18_healthShowsEveryMessageOfEachCheckBounded() throws Exception {
        FormattingResultLog inventory = new FormattingResultLog();
        inventory.debug("looked at {}", "meters.json");
        inventory.warn("degraded: meters.json: not JSON at line 1 column 2");
        inventory.warn("0 meters\nread");
        inventory.info("readings kept {} days", 90);
        FormattingResultLog noisy = new FormattingResultLog();
        for (int i = 1; i <= HealthCommands.MAX_MESSAGES + 5; i++) {
            noisy.critical("component {} not satisfied " + "x".repeat(300), i);
        }
        List<HealthCommands.Check> checks = List.of(new HealthCommands.Check("FUMS meter inventory", () -> new Result(inventory)),
                new HealthCommands.Check("DS components", () -> new Result(noisy)));
        CommandTable table = new CommandTable(null, new HealthCommands(() -> checks, () -> null, () -> null, () -> null).commands());

        CommandTable.Reply r = table.execute("technician:alice@shell", "health",
                new RefusalBudget(RefusalBudget.Policy.DEFAULT));
        assertThat(r.ok()).isTrue();
        List<String> lines = r.text().lines().toList();
        assertThat(lines).startsWith("DCU degraded",
                "  WARN      FUMS meter inventory: degraded: meters.json: not JSON at line 1 column 2",
                "            0 meters read",
                "            OK readings kept 90 days");
        assertThat(r.text()).doesNotContain("looked at");
        List<String> components = lines.stream().filter(l -> l.contains("component ")).toList();
        assertThat(components).hasSize(HealthCommands.MAX_MESSAGES)
                .allMatch(l -> l.strip().length() <= HealthCommands.MAX_MESSAGE_CHARS + "CRITICAL  DS components: ".length());
        assertThat(components.get(0)).startsWith("  CRITICAL  DS components: component 1 not satisfied xxx").endsWith("\u2026");
        assertThat(lines).contains("            (5 more messages)");
    }

    @Test
    void theClaimedNameCountsOnlyForRootOrTheServiceUser() {
        assertThat(PeerIdentity.decide("root", "alice", "fums").actor()).isEqualTo("technician:alice@shell");
        assertThat(PeerIdentity.decide("fums", "alice", "fums").actor()).isEqualTo("technician:alice@shell");
        assertThat(PeerIdentity.decide("mallory", "alice", "fums").actor()).isEqualTo("technician:mallory@shell");
        assertThat(PeerIdentity.decide(null, "alice", "fums").peer()).isEqualTo("?");
        assertThat(List.of("alice", "svc-1", "_x")).allMatch(PeerIdentity::validName);
        assertThat(List.of("", "Alice", "a b", "a".repeat(40), "x;rm")).noneMatch(PeerIdentity::validName);
    }
}
