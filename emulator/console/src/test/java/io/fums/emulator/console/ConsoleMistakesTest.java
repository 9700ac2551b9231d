package io.fums.emulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.sign.EcKeys;
import io.fums.crypto.sign.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Plausible mistakes of an operator using fums-console, one row each: the exit code (docs/tools.md), one line that
 * says what is wrong (a substring of it), never a stack trace or a picocli warning. In an argument, {@code D/} is the
 * test's folder (an operator key pair {@code op}, a package folder {@code pk}), {@code BUSY} a port in use, and
 * {@code NOBROKER} a broker URL where nothing listens. The mistakes that need a broker are in ConsoleMistakesIT.
 */
@Tag("SEC-9")
@Tag("UMS-3")
class ConsoleMistakesTest {

    private static final int USAGE = 2;
    private static final int IO = 3;
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;
    private ServerSocket busy;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                row(USAGE, "give a command"),
                row(USAGE, "did you mean show", "shwo"),
                row(USAGE, "did you mean --version", "--versoin"),
                row(USAGE, "did you mean create", "campaign", "creat"),
                row(USAGE, "give a subcommand: create, start", "campaign"),
                row(USAGE, "give a subcommand: list, read", "meters"),
                row(USAGE, "Unknown subcommand 'nosuch'", "help", "nosuch"),
                row(USAGE, "Missing required parameter: 'DCU'", "show"),
                row(USAGE, "Missing required parameter: 'DCU'", "rollback", "-b", "NOBROKER"),
                row(USAGE, "Missing required parameter: 'METER'", "meters", "read", "DCU-1", "-b", "NOBROKER"),
                row(USAGE, "--wait: 'abc' is not a long", "dcus", "--wait", "abc"),
                row(USAGE, "--session-expiry: 'x' is not a long", "dcus", "--session-expiry", "x"),
                row(USAGE, "--at: not RFC 3339 UTC, e.g. 2026-12-07T03:00:00Z", "campaign", "create", "DCU-1", "--id", "c",
                        "--firmware", SHA, "--meters", "m-1", "--at", "2026-12-07 03:00"),
                row(USAGE, "--since: not RFC 3339 UTC", "audit", "query", "DCU-1", "--since", "yesterday"),
                row(USAGE, "--until: not RFC 3339 UTC", "audit", "query", "DCU-1", "--until", "2026-13-01T00:00:00Z"),
                row(USAGE, "--window must be HH:MM-HH:MM", "campaign", "create", "DCU-1", "--id", "c", "--firmware", SHA,
                        "--meters", "m-1", "--window", "2-4", "-b", "NOBROKER"),
                row(USAGE, "wave '0'", "campaign", "create", "DCU-1", "--id", "c", "--firmware", SHA, "--meters", "m-1",
                        "--waves", "0,rest", "-b", "NOBROKER"),
                row(USAGE, "SHA-256", "campaign", "create", "DCU-1", "--id", "c", "--firmware", "abc", "--meters", "m-1",
                        "-b", "NOBROKER"),
                row(USAGE, "mutually exclusive", "campaign", "create", "DCU-1", "--id", "c", "--firmware", SHA,
                        "--meters", "m-1", "--device-type", "T", "-b", "NOBROKER"),
                row(USAGE, "--poll must be at least 1 second", "campaign", "watch", "DCU-1", "x", "--poll", "0",
                        "-b", "NOBROKER"),
                row(USAGE, "--progress: expected one of [auto, live, bar, plain]", "campaign", "watch", "DCU-1", "x",
                        "--progress", "fancy"),
                row(USAGE, "--width must be 20 to 1000 columns", "campaign", "watch", "DCU-1", "x", "--width", "5"),
                row(USAGE, "--kind campaigns: no such event kind; give one of software, campaign, meter-result, alarm",
                        "watch", "--kind", "campaigns", "-b", "NOBROKER"),
                row(USAGE, "--dcu bad id: not a DCU id", "watch", "--dcu", "bad id", "-b", "NOBROKER"),
                row(USAGE, "Unknown options: '--duration'", "watch", "--duration", "5"),
                row(USAGE, "--ttl 7200: DCUs accept 1 to 3600 s", "show", "DCU-1", "--ttl", "7200", "-b", "NOBROKER"),
                row(USAGE, "--ttl 0: DCUs accept 1 to 3600 s", "campaign", "start", "DCU-1", "c", "--ttl", "0"),
                row(USAGE, "must be signed: give --operator-key", "campaign", "start", "DCU-1", "c", "-b", "NOBROKER"),
                row(IO, "operator key /no/key.pem: no such file", "campaign", "start", "DCU-1", "c", "-k", "/no/key.pem",
                        "-b", "NOBROKER"),
                row(USAGE, "invalid operator key", "campaign", "start", "DCU-1", "c", "-k", "D/op.pub.pem", "-b",
                        "NOBROKER"),
                row(USAGE, "Missing required argument (specify one of these): (-d=ID", "deploy", "/no/such.zip"),
                row(IO, "no such package file: /no/such.zip", "deploy", "/no/such.zip", "-d", "DCU-1", "-b", "NOBROKER"),
                row(IO, "no such package file: /no/fw.zip", "firmware", "stage", "DCU-1", "/no/fw.zip", "-b", "NOBROKER"),
                row(USAGE, "--body is not a JSON object", "request", "DCU-1", "software.list", "--body", "{x", "-b",
                        "NOBROKER"),
                row(IO, "cannot reach the broker at tcp://127.0.0.1:1: connection refused; is it running? check --broker",
                        "dcus", "-b", "NOBROKER"),
                row(IO, "connection refused; is it running? check --broker", "show", "DCU-1", "-b", "NOBROKER"),
                row(USAGE, "port out of range", "dcus", "-b", "tcp://127.0.0.1:99999"),
                row(USAGE, "the scheme must be tcp://, ssl://", "dcus", "-b", "foo://x"),
                row(USAGE, "--ca /no/ca.pem: no such file; give the CA certificates", "dcus", "--ca", "/no/ca.pem"),
                row(USAGE, "give --cert and --cert-key together", "dcus", "--cert", "D/op.pub.pem", "-b", "NOBROKER"),
                row(USAGE, "--cert-key /no/key.pem: no such file", "dcus", "--cert", "D/op.pub.pem", "--cert-key",
                        "/no/key.pem", "-b", "NOBROKER"),
                row(IO, "no such folder: /no/dir", "serve", "/no/dir"),
                row(USAGE, "--http-port: '99999' is not a port", "serve", "D/pk", "--http-port", "99999"),
                row(USAGE, "--http-port: 'http' is not a port", "deploy", "D/pk/p.zip", "--all", "--http-port", "http"),
                row(IO, "cannot listen on the HTTP port: Address already in use; give a free one with --http-port", "serve",
                        "D/pk", "--http-port", "BUSY"),
                // the web console (serve without DIR, docs/console.md)
                row(USAGE, "--ttl 0: DCUs accept 1 to", "serve", "--ttl", "0"),
                row(IO, "operator key /no/key.pem: no such file", "serve", "-k", "/no/key.pem", "-b", "NOBROKER"),
                row(USAGE, "invalid operator key", "serve", "-k", "D/op.pub.pem", "-b", "NOBROKER"),
                row(IO, "cannot reach the broker at tcp://127.0.0.1:1: connection refused", "serve", "-b", "NOBROKER"));
    }

    private static Arguments row(int code, String says, String... args) {
        return Arguments.of(args.length == 0 ? "(no arguments)" : String.join(" ", args), code, says, args);
    }

    @BeforeEach
    void files() throws Exception {
        SigningKey k = EcKeys.generate(SignatureAlgorithm.forCurve("P-256"), new SecureRandom());
        Files.writeString(dir.resolve("op.pub.pem"), k.publicKey().pem());
        Files.createDirectories(dir.resolve("pk"));
        busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void closePort() throws Exception {
        busy.close();
    }

    private ConsoleRun run(String... args) {
        return ConsoleRun.of(Arrays.stream(args).map(s -> s.replace("D/", dir + "/").replace("NOBROKER", "tcp://127.0.0.1:1")
                .replace("BUSY", Integer.toString(busy.getLocalPort()))).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void everyMistakeGetsOneLineAndItsExitCode(String name, int code, String says, String[] args) {
        ConsoleRun r = run(args);
        assertThat(r.rc()).as(r.toString()).isEqualTo(code);
        assertThat(r.out() + r.err()).contains(says).doesNotContain("Exception", "\tat ", "[picocli");
        assertThat((r.out() + r.err()).strip().lines()).as(r.toString()).hasSize(1);
    }

    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        collect(FumsConsole.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), names);
        return names.stream();
    }

    private static void collect(CommandLine cl, List<String> names) {
        names.add(cl.getCommandSpec().qualifiedName(" ").replaceFirst("^fums-console ?", ""));
        cl.getSubcommands().values().stream().distinct().forEach(c -> collect(c, names));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpOfEveryCommandExitsZeroWithoutWarnings(String command) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String h : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
                args.add(h);
                ConsoleRun r = run(args.toArray(String[]::new));
                assertThat(r.rc()).as(r.toString()).isZero();
                assertThat(r.out()).contains("Usage: fums-console", "Exit codes:");
                assertThat(r.err()).isEmpty();
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).as("picocli warns on System.err, e.g. of an unescaped %")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versionOptions")
    void versionIsTheProjectVersion(String option) {
        ConsoleRun r = run(option);
        assertThat(r.rc()).isZero();
        assertThat(r.out().strip()).matches("fums-console \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    static Stream<String> versionOptions() {
        return Stream.of("--version", "-V");
    }
}
