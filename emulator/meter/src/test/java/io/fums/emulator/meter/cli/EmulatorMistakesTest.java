package io.fums.emulator.meter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
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
 * Every mistake a person makes with {@code fums-meter-emulator} gets one line on stderr ("what is wrong; how to
 * fix it"), no stack trace, and the documented exit code (2 usage or file content, 3 I/O). {@code {dir}} in an
 * argument is a folder with a few prepared files, {@code {busy}} a port that something already listens on.
 */
@Tag("CARD-4")
class EmulatorMistakesTest {

    @TempDir
    static Path dir;
    static ServerSocket busy;
    /** A port free when the class started (the meter's TCP port of a case that fails on another port). */
    static int free;

    @BeforeAll
    static void files() throws IOException {
        busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Files.writeString(dir.resolve("typo.json"), "{\"groups\": [{\"id\": \"m\", \"count\": 2, \"tcpPortBas\": 15000}]}");
        Files.writeString(dir.resolve("broken.json"), "{ nope");
        Files.writeString(dir.resolve("array.json"), "[]");
        Files.writeString(dir.resolve("fault-typo.json"),
                "{\"groups\": [{\"id\": \"m\", \"count\": 2, \"faults\": {\"failSelfChek\": true}}]}");
        Files.writeString(dir.resolve("count-text.json"), "{\"groups\": [{\"id\": \"m\", \"count\": \"two\"}]}");
        Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
        Files.createDirectories(dir.resolve("bad-seed"));
        Files.writeString(dir.resolve("bad-seed/meter-keys.seed"), "xyz\n");
        Files.createDirectories(dir.resolve("keys"));
        assertThat(MeterEmulatorCli.run(new PrintWriter(new StringWriter()), "keygen", "--out",
                dir.resolve("keys/vendor").toString())).isZero();
    }

    @AfterAll
    static void free() throws IOException {
        busy.close();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // options
                m(2, "Unmatched argument at index 0: 'frobnicate'", "frobnicate"),
                m(2, "see fums-meter-emulator --help", "rn"),
                m(2, "did you mean --config or --count", "run", "--cont", "1"),
                m(2, "'--count': 'abc' is not an int", "run", "--count", "abc"),
                m(2, "count must be 1..10000", "run", "--count", "0"),
                m(2, "count must be 1..10000", "run", "--count", "20000"),
                m(2, "tcpPort out of range: 70000", "run", "--count", "1", "--tcp-port-base", "70000",
                        "--state-dir", "{dir}/s1"),
                m(2, "--baud 12 is not a serial line speed", "run", "--count", "1", "--baud", "12"),
                m(2, "--control-port 70000 is not a port", "run", "--count", "1", "--control-port", "70000"),
                m(2, "no meter can be reached: give --tcp-port-base PORT", "run", "--count", "2", "--state-dir",
                        "{dir}/s6"),
                m(2, "--idle-timeout -5 must be at least 1 second", "run", "--count", "1", "--idle-timeout", "-5"),
                m(2, "Missing required parameter: 'JSON'", "control", "--port", "1"),
                m(2, "Missing required option: '--out=<out>'", "make-image", "--key", "{dir}/keys/vendor.key.pem",
                        "--version", "2"),
                m(2, "'--size': 'big' is not an int", "make-image", "--key", "k", "--version", "2", "--out", "x",
                        "--size", "big"),
                // population files
                m(3, "no such file or folder: /nonexistent/population.json; check the path", "run", "--config",
                        "/nonexistent/population.json"),
                m(2, "unknown field \"tcpPortBas\"", "run", "--config", "{dir}/typo.json"),
                m(2, "unknown field \"failSelfChek\"", "run", "--config", "{dir}/fault-typo.json"),
                m(2, "not a population file: End of input", "run", "--config", "{dir}/broken.json"),
                m(2, "not a population file: Not a JSON Object", "run", "--config", "{dir}/array.json"),
                m(2, "For input string: \"two\"", "run", "--config", "{dir}/count-text.json"),
                m(2, "is a folder; give a population file", "run", "--config", "{dir}"),
                m(2, "--state-dir " + "{dir}/typo.json is a file, not a folder", "run", "--count", "1",
                        "--state-dir", "{dir}/typo.json"),
                m(2, "meter-keys.seed: not a key seed (64 hex digits); delete it to make new meter keys", "run",
                        "--count", "1", "--tcp-port-base", "15990", "--state-dir", "{dir}/bad-seed"),
                // ports
                m(3, "cannot listen on 127.0.0.1:{busy}: Address already in use; the port is in use", "run",
                        "--count", "1", "--tcp-port-base", "{busy}", "--state-dir", "{dir}/s2"),
                m(3, "control port {busy}: Address already in use; the port is in use", "run", "--count", "1",
                        "--tcp-port-base", "{free}", "--control-port", "{busy}", "--state-dir", "{dir}/s3"),
                m(3, "cannot connect: Connection refused", "control", "--port", "1", "{\"op\":\"status\"}"),
                // keys and images
                m(3, "no such file or folder: {dir}/nokey.pem", "run", "--count", "1", "--tcp-port-base", "15990",
                        "--vendor-key", "{dir}/nokey.pem", "--state-dir", "{dir}/s4"),
                m(2, "garbage.pem: no PEM block", "run", "--count", "1", "--tcp-port-base", "15990",
                        "--vendor-key", "{dir}/garbage.pem", "--state-dir", "{dir}/s5"),
                m(3, "vendor.key.pem already exists: a key made earlier would be lost", "keygen", "--out",
                        "{dir}/keys/vendor"),
                m(2, "--out {dir}/typo.json/vendor: {dir}/typo.json is a file, not a folder", "keygen", "--out",
                        "{dir}/typo.json/vendor"),
                m(2, "--out '/' names no file prefix", "keygen", "--out", "/"),
                m(2, "Unknown options: '--out-dir', '{dir}' (did you mean --out?)", "keygen", "--out-dir", "{dir}"),
                m(3, "no such file or folder: {dir}/nokey.pem", "make-image", "--key", "{dir}/nokey.pem", "--version",
                        "2", "--out", "{dir}/x.img"),
                m(2, "not a PEM EC PRIVATE KEY or PRIVATE KEY", "make-image", "--key", "{dir}/keys/vendor.pub.pem",
                        "--version", "2", "--out", "{dir}/x.img"),
                m(2, "an image needs at least", "make-image", "--key", "{dir}/keys/vendor.key.pem", "--version", "2",
                        "--out", "{dir}/x.img", "--size", "3"),
                m(2, "version must be 1..64 octets", "make-image", "--key", "{dir}/keys/vendor.key.pem", "--version",
                        "", "--out", "{dir}/x.img"),
                m(3, "no such file or folder: {dir}/no-folder/x.img", "make-image", "--key",
                        "{dir}/keys/vendor.key.pem", "--version", "2", "--out", "{dir}/no-folder/x.img"));
    }

    @ParameterizedTest(name = "[{index}] {1} -> {0}")
    @MethodSource("mistakes")
    void oneLineAndTheExitCode(int code, String line, String[] args) {
        String[] real = Arrays.stream(args).map(EmulatorMistakesTest::fill).toArray(String[]::new);
        if (args[0].equals("run") && !Arrays.asList(args).contains("--state-dir")) {
            // a state folder of the case's own, never ./meter-state of the build
            real = Stream.concat(Arrays.stream(real), Stream.of("--state-dir", dir.resolve("state-" + System.nanoTime())
                    .toString())).toArray(String[]::new);
        }
        StringWriter err = new StringWriter();
        int rc = MeterEmulatorCli.run(new PrintWriter(err, true), real);
        String text = err.toString();
        assertThat(text).as("stderr of %s", Arrays.toString(real)).contains(fill(line))
                .doesNotContain("\tat ", "Exception in thread", "Usage:");
        assertThat(text.strip().lines().count()).as("one line: %s", text).isEqualTo(1);
        assertThat(rc).as("exit code; stderr %s", text).isEqualTo(code);
    }

    @Test
    void aRefusedPopulationWritesNoKeySeed() {
        // no way to reach the meters (the run command's check); a port out of range (the planner's); a vendor key that
        // is not one
        for (String[] args : List.of(new String[] {"--count", "2"}, new String[] {"--count", "1", "--tcp-port-base", "70000"},
                new String[] {"--count", "1", "--tcp-port-base", "15990", "--vendor-key", dir.resolve("garbage.pem").toString()})) {
            Path state = dir.resolve("refused-" + System.nanoTime());
            StringWriter err = new StringWriter();
            String[] all = Stream.concat(Stream.of("run", "--state-dir", state.toString()), Arrays.stream(args))
                    .toArray(String[]::new);
            assertThat(MeterEmulatorCli.run(new PrintWriter(err, true), all)).as("%s", err).isEqualTo(2);
            assertThat(state.resolve("meter-keys.seed")).as("checked before the seed is written: %s", err).doesNotExist();
        }
    }

    @Test
    void keygenRefusesToOverwriteAndForceReplacesOwnerOnly() throws IOException {
        Path keys = dir.resolve("twice");
        assertThat(MeterEmulatorCli.run(new PrintWriter(new StringWriter()), "keygen", "--out", keys.resolve("vendor").toString()))
                .isZero();
        String first = Files.readString(keys.resolve("vendor.key.pem"));
        StringWriter err = new StringWriter();
        assertThat(MeterEmulatorCli.run(new PrintWriter(err, true), "keygen", "--out", keys.resolve("vendor").toString()))
                .isEqualTo(CliErrors.IO);
        assertThat(err.toString()).contains("--force");
        assertThat(Files.readString(keys.resolve("vendor.key.pem"))).isEqualTo(first);
        assertThat(MeterEmulatorCli.run(new PrintWriter(new StringWriter()), "keygen", "--out", keys.resolve("vendor").toString(),
                "--force")).isZero();
        assertThat(Files.readString(keys.resolve("vendor.key.pem"))).isNotEqualTo(first);
        assertThat(Files.getPosixFilePermissions(keys.resolve("vendor.key.pem"))).as("owner-only (a set: no order)")
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    private static Arguments m(int code, String line, String... args) {
        return Arguments.of(code, line, args);
    }

    private static String fill(String s) {
        return s.replace("{dir}", dir.toString()).replace("{busy}", Integer.toString(busy.getLocalPort()))
                .replace("{free}", Integer.toString(free));
    }
}
