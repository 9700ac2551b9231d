package io.fums.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shell's parsing: bounded lines, words and quotes, reply framing, the technician's identity (UMS-3). */
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
    void theClaimedNameCountsOnlyForRootOrTheServiceUser() {
        assertThat(PeerIdentity.decide("root", "alice", "fums").actor()).isEqualTo("technician:alice@shell");
        assertThat(PeerIdentity.decide("fums", "alice", "fums").actor()).isEqualTo("technician:alice@shell");
        assertThat(PeerIdentity.decide("mallory", "alice", "fums").actor()).isEqualTo("technician:mallory@shell");
        assertThat(PeerIdentity.decide(null, "alice", "fums").peer()).isEqualTo("?");
        assertThat(List.of("alice", "svc-1", "_x")).allMatch(PeerIdentity::validName);
        assertThat(List.of("", "Alice", "a b", "a".repeat(40), "x;rm")).noneMatch(PeerIdentity::validName);
    }
}
