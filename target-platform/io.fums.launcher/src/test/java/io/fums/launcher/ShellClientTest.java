package io.fums.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fums-dcu shell}'s own mistakes: one line on stderr, the documented exit code, no trace (UMS-3). */
@Tag("UMS-3")
class ShellClientTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ShellClient.run(args, new BufferedReader(new StringReader("health\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpExitsZeroAndSaysHowToGetIn() {
        assertThat(run("--help")).isEqualTo(ShellClient.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: fums-dcu shell [--data DIR] [--socket FILE]");
    }

    @Test
    void anUnknownArgumentOrAnOptionWithoutItsValueIsAUsageMistake() {
        assertThat(run("--dat", "/x")).isEqualTo(ShellClient.USAGE);
        assertThat(err()).isEqualTo("fums-dcu shell: unknown argument '--dat'; usage: fums-dcu shell [--data DIR] [--socket FILE]\n");
        err.reset();
        assertThat(run("--data")).isEqualTo(ShellClient.USAGE);
        assertThat(err()).isEqualTo("fums-dcu shell: option --data needs a value; usage: fums-dcu shell [--data DIR] [--socket FILE]\n");
    }

    @Test
    void noDcuOnTheDataFolderIsOneLineAndExitCode3() {
        assertThat(run("--data", dir.toString())).isEqualTo(ShellClient.UNREACHABLE);
        assertThat(err()).isEqualTo("fums-dcu shell: no shell at " + dir.resolve("run/shell.sock") + ": is the DCU running "
                + "(systemctl status fums-dcu), and is " + dir + " its data folder (--data, FUMS_DATA)?\n");
    }

    @Test
    void aStaleSocketOfAStoppedDcuIsOneLineAndExitCode3() throws Exception {
        Path socket = Files.createTempDirectory(Path.of("/tmp"), "fums-shell-client").resolve("shell.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socket));
        }
        try {
            assertThat(run("--socket", socket.toString())).isEqualTo(ShellClient.UNREACHABLE);
            assertThat(err()).startsWith("fums-dcu shell: cannot reach the DCU at " + socket + ": ")
                    .endsWith("; is it running (systemctl status fums-dcu)?\n").doesNotContain("\tat ");
            assertThat(err().lines()).hasSize(1);
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }
}
