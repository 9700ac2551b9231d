package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's parts that need no broker. */
class ConsoleUnitTest {

    @TempDir
    Path dir;

    @Test
    void packageServerServesWholeFilesAndRanges() throws Exception {
        byte[] content = new byte[100_000];
        new java.util.Random(3).nextBytes(content);
        Files.write(dir.resolve("pkg-1.0.zip"), content);
        Files.writeString(dir.getParent().resolve("secret.txt"), "no");
        try (PackageServer s = new PackageServer(dir, "127.0.0.1", 0, "127.0.0.1")) {
            HttpURLConnection c = open(s.url("pkg-1.0.zip"), null);
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(c.getHeaderField("Accept-Ranges")).isEqualTo("bytes");
            try (InputStream in = c.getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            HttpURLConnection r = open(s.url("pkg-1.0.zip"), "bytes=99000-");
            assertThat(r.getResponseCode()).isEqualTo(206);
            assertThat(r.getHeaderField("Content-Range")).isEqualTo("bytes 99000-99999/100000");
            try (InputStream in = r.getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 99_000, 100_000));
            }
            assertThat(open(s.url("pkg-1.0.zip"), "bytes=100000-").getResponseCode()).isEqualTo(416);
            assertThat(open(s.url("missing.zip"), null).getResponseCode()).isEqualTo(404);
            assertThat(open(s.url("..%2Fsecret.txt"), null).getResponseCode()).isEqualTo(404);
            assertThat(open(s.url("../secret.txt"), null).getResponseCode()).isEqualTo(404);
        }
    }

    @Test
    void sharedFiltersMatchByTheirTopicFilter() {
        assertThat(ConsoleClient.matchPart("$share/g1/fums/v1/+/evt/#")).isEqualTo("fums/v1/+/evt/#");
        assertThat(ConsoleClient.matchPart("fums/v1/+/state")).isEqualTo("fums/v1/+/state");
        assertThat(ConsoleClient.matches("fums/v1/+/evt/#", "fums/v1/DCU-1/evt/meter.result")).isTrue();
        assertThat(ConsoleClient.matches("fums/v1/+/state", "fums/v1/DCU-1/evt/x")).isFalse();
    }

    @Test
    void envelopesAreSentOnOneLine() {
        assertThat(ConsoleClient.compact("{\n  \"a\": 1\n}\n")).isEqualTo("{\"a\":1}");
        assertThat(ConsoleClient.compact("not json\n")).isEqualTo("not json");
    }

    @Test
    void stateChangingCommandsNeedTheOperatorKey() {
        ConsoleRun r = ConsoleRun.of("rollback", "DCU-1", "-b", "tcp://127.0.0.1:1");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--operator-key");
    }

    @Test
    void usageErrorsExitWith2AndConnectionFailuresWith3() {
        assertThat(ConsoleRun.of("deploy").rc()).isEqualTo(2);
        assertThat(ConsoleRun.of("request", "DCU-1", "x.y", "--body", "[1]").rc()).isEqualTo(2);
        ConsoleRun down = ConsoleRun.of("dcus", "-b", "tcp://127.0.0.1:1");
        assertThat(down.rc()).isEqualTo(3);
        assertThat(down.err()).contains("cannot reach the broker at tcp://127.0.0.1:1: connection refused");
        assertThat(ConsoleRun.of("dcus", "-b", "http://x").rc()).isEqualTo(2);
    }

    private static HttpURLConnection open(String url, String range) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        if (range != null) {
            c.setRequestProperty("Range", range);
        }
        return c;
    }
}
