package io.fums.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake with {@code fums-broker} is one line on stderr, no stack trace, the documented exit code (2 usage,
 * 3 I/O), at once (a busy port used to hang it), and nothing is created. {@code {dir}} is a folder with a file
 * {@code a-file}; {@code {busy}} a port something listens on. Each case gets {@code --pki} in a folder of its own
 * unless it sets one, and that folder must not appear.
 */
@Tag("CARD-4")
class BrokerMistakesTest {

    @TempDir
    static Path dir;
    static ServerSocket busy;

    @BeforeAll
    static void setUp() throws IOException {
        busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Files.writeString(dir.resolve("a-file"), "x");
    }

    @AfterAll
    static void tearDown() throws IOException {
        busy.close();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                m(3, "port {busy} on 127.0.0.1 is in use", "--tls-port", "{busy}"),
                m(3, "choose another --plain-port", "--tls-port", "0", "--plain-port", "{busy}"),
                m(2, "unknown option '--port' (did you mean --tls-port?)", "--port", "1883"),
                m(2, "unknown option '--tls'", "--tls", "8883"),
                m(2, "unknown option '--clients' (did you mean --client?)", "--clients", "DCU-1"),
                m(2, "unknown option '8883'", "8883"),
                m(2, "unknown option '-p'", "-p", "8883"),
                m(2, "option --tls-port needs a value", "--tls-port"),
                m(2, "option --pki needs a value", "--pki", "--tls-port", "0"),
                m(2, "option --client needs a value", "--client"),
                m(2, "--tls-port 'abc' is not a port", "--tls-port", "abc"),
                m(2, "--tls-port '70000' is not a port", "--tls-port", "70000"),
                m(2, "--tls-port '-1' is not a port", "--tls-port", "-1"),
                m(2, "--plain-port '1883x' is not a port", "--plain-port", "1883x"),
                m(2, "--plain-port and --tls-port are both 18830", "--tls-port", "18830", "--plain-port", "18830"),
                m(2, "option --tls-port is given twice", "--tls-port", "0", "--tls-port", "1"),
                m(2, "--pki {dir}/a-file is a file; give a folder", "--pki", "{dir}/a-file"),
                m(2, "--data {dir}/a-file is a file; give a folder", "--data", "{dir}/a-file", "--tls-port", "0"),
                m(2, "--bind 192.0.2.1 is not an address of this machine", "--bind", "192.0.2.1", "--tls-port", "0",
                        "--plain-port", "18831"),
                m(2, "--bind no.such.host.invalid is not an address of this machine", "--bind", "no.such.host.invalid"),
                m(2, "--client 'DCU 1' is not a client id", "--client", "DCU 1"),
                m(2, "--client 'CN=x,O=y' is not a client id", "--client", "CN=x,O=y"),
                m(2, "--client '../x' is not a client id", "--client", "../x"),
                m(2, "--client DCU-1 is given twice", "--client", "DCU-1", "--client", "DCU-1"));
    }

    @ParameterizedTest(name = "[{index}] {2} -> {0}")
    @MethodSource("mistakes")
    void oneLineAtOnceNothingCreated(int code, String line, String[] args) {
        String[] real = Arrays.stream(args).map(BrokerMistakesTest::fill).toArray(String[]::new);
        Path pki = dir.resolve("pki-" + System.nanoTime());
        boolean ownPki = !Arrays.asList(args).contains("--pki");
        String[] withPki = ownPki ? Stream.concat(Stream.of("--pki", pki.toString()), Arrays.stream(real))
                .toArray(String[]::new) : real;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = BrokerMain.run(withPki, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).as("stderr of %s", Arrays.toString(withPki)).startsWith("fums-broker: ").contains(fill(line))
                .doesNotContain("\tat ", "Exception in thread");
        assertThat(text.strip().lines().count()).as("one line: %s", text).isEqualTo(1);
        assertThat(rc).as("exit code; stderr %s", text).isEqualTo(code);
        assertThat(out.size()).as("nothing printed on stdout").isZero();
        assertThat(pki).as("no PKI made").doesNotExist();
    }

    @Test
    void helpExitsZeroAndCreatesNothing() {
        Path pki = dir.resolve("help-pki");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = BrokerMain.run(new String[] {"--pki", pki.toString(), "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, new CountDownLatch(0));
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: fums-broker");
        assertThat(pki).doesNotExist();
    }

    private static Arguments m(int code, String line, String... args) {
        return Arguments.of(code, line, args);
    }

    private static String fill(String s) {
        return s.replace("{dir}", dir.toString()).replace("{busy}", Integer.toString(busy.getLocalPort()));
    }
}
