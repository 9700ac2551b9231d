package io.fums.tools.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Plausible mistakes of a person using fums-pkg, one row each: the exit code (docs/tools.md), one line that says
 * what is wrong (a substring of it), and never a stack trace. {@code D/} in an argument is the test's folder, which
 * holds an operator key pair ({@code op}), an empty trust store ({@code ts.json}) and a file that is no package
 * ({@code junk.zip}).
 */
@Tag("SEC-9")
@Tag("UMS-3")
class FumsPkgMistakesTest {

    private static final int USAGE = 2;
    private static final int IO = 3;
    private static final int REFUSED = 1;

    @TempDir
    Path dir;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                row(USAGE, "a command is required"),
                row(USAGE, "did you mean keygen?", "kegen"),
                row(USAGE, "Unknown option: '--versoin'", "--versoin"),
                row(USAGE, "Missing required option: '--out=PREFIX'", "keygen"),
                row(IO, "file exists (use --force to replace it)", "keygen", "--out", "D/op"),
                row(USAGE, "unsupported curve 'P-521': expected P-256 or P-384", "keygen", "--out", "D/x", "--curve", "P-521"),
                row(USAGE, "Missing required options", "build"),
                row(IO, "no such file: /no/m.json", "build", "--manifest", "/no/m.json", "--payload", "D/junk.zip",
                        "--out", "D/p.zip"),
                row(REFUSED, "PKG_MANIFEST_INVALID: manifest: field 'formatVersion' is missing", "build", "--manifest",
                        "D/empty.json", "--payload", "D/junk.zip", "--out", "D/p.zip"),
                row(REFUSED, "PKG_MANIFEST_INVALID: manifest: not valid UTF-8", "build", "--manifest", "D/binary.bin",
                        "--payload", "D/junk.zip", "--out", "D/p.zip"),
                row(REFUSED, "PKG_MALFORMED", "sign", "D/junk.zip", "--key", "D/op.key.pem"),
                row(IO, "no such file: /no.zip", "sign", "/no.zip", "--key", "D/op.key.pem"),
                row(REFUSED, "PKG_MALFORMED", "verify", "D/junk.zip", "--trust-store", "D/ts.json"),
                row(USAGE, "CONFIG_MISSING: trust store /no/ts.json does not exist", "verify", "D/junk.zip",
                        "--trust-store", "/no/ts.json"),
                row(USAGE, "Missing required option: '--trust-store=FILE'", "verify", "D/junk.zip"),
                row(USAGE, "invalid version 'one'", "verify", "D/junk.zip", "--trust-store", "D/ts.json",
                        "--installed-version", "one"),
                row(REFUSED, "PKG_MALFORMED", "inspect", "D/junk.zip"),
                row(IO, "no such file: /no.zip", "inspect", "/no.zip"),
                row(USAGE, "a truststore command is required", "truststore"),
                row(USAGE, "did you mean revoke", "truststore", "revok"),
                row(USAGE, "unknown role 'admin': expected vendor, utility or operator", "truststore", "add", "D/ts.json",
                        "--role", "admin", "--public-key", "D/op.pub.pem"),
                row(USAGE, "invalid public key", "truststore", "add", "D/ts.json", "--role", "vendor", "--public-key",
                        "D/op.key.pem"),
                row(IO, "no such file: /no.pem", "truststore", "add", "D/ts.json", "--role", "vendor", "--public-key",
                        "/no.pem"),
                row(USAGE, "CONFIG_INVALID: trust store: invalid JSON", "truststore", "add", "D/junk.zip", "--role",
                        "vendor", "--public-key", "D/op.pub.pem"),
                row(USAGE, "must be between 1 and 16, not 99", "truststore", "threshold", "D/ts.json", "--role", "vendor",
                        "--count", "99"),
                row(USAGE, "--count: 'x' is not an int", "truststore", "threshold", "D/ts.json", "--role", "vendor",
                        "--count", "x"),
                row(USAGE, "create one with 'fums-pkg truststore init FILE'", "truststore", "list", "/no.json"),
                row(IO, "file exists (use --force to replace it)", "truststore", "init", "D/ts.json"),
                row(USAGE, "no key deadbeefdeadbeef in", "truststore", "revoke", "D/ts.json", "--key-id", "deadbeefdeadbeef"),
                row(USAGE, "needs --trust-store", "approve", "D/junk.zip", "--key", "D/op.key.pem"),
                row(USAGE, "--ttl 7200: DCUs accept 1 to 3600 s", "sign-command", "--key", "D/op.key.pem", "--operation",
                        "deploy", "--target", "DCU-1", "--ttl", "7200"),
                row(USAGE, "--ttl 0: DCUs accept 1 to 3600 s", "sign-command", "--key", "D/op.key.pem", "--operation",
                        "deploy", "--target", "DCU-1", "--ttl", "0"),
                row(USAGE, "--ttl: 'abc' is not a long", "sign-command", "--key", "D/op.key.pem", "--operation", "deploy",
                        "--target", "DCU-1", "--ttl", "abc"),
                row(USAGE, "--issued-at: not RFC 3339 UTC, e.g. 2026-12-07T03:00:00Z", "sign-command", "--key",
                        "D/op.key.pem", "--operation", "deploy", "--target", "DCU-1", "--issued-at", "2026-12-07 03:00"),
                row(USAGE, "invalid private key", "sign-command", "--key", "D/op.pub.pem", "--operation", "deploy",
                        "--target", "DCU-1"),
                row(IO, "no such file: /no/key.pem", "sign-command", "--key", "/no/key.pem", "--operation", "deploy",
                        "--target", "DCU-1"),
                row(USAGE, "invalid device id 'bad id'", "sign-command", "--key", "D/op.key.pem", "--operation", "deploy",
                        "--target", "bad id"),
                row(USAGE, "give --body or --body-file, not both", "sign-command", "--key", "D/op.key.pem", "--operation",
                        "deploy", "--target", "DCU-1", "--body", "{}", "--body-file", "D/empty.json"),
                row(REFUSED, "CMD_MALFORMED: command body: invalid JSON", "sign-command", "--key", "D/op.key.pem",
                        "--operation", "deploy", "--target", "DCU-1", "--body", "{x"),
                row(USAGE, "invalid nonce", "sign-command", "--key", "D/op.key.pem", "--operation", "deploy", "--target",
                        "DCU-1", "--nonce", "short"),
                row(USAGE, "invalid operation 'Bad Op'", "sign-command", "--key", "D/op.key.pem", "--operation", "Bad Op",
                        "--target", "DCU-1"),
                row(IO, "no such file: /no.json", "verify-command", "/no.json", "--trust-store", "D/ts.json", "--dcu",
                        "DCU-1"),
                row(REFUSED, "CMD_UNSIGNED", "verify-command", "D/empty.json", "--trust-store", "D/ts.json", "--dcu",
                        "DCU-1"),
                row(USAGE, "--now: not RFC 3339 UTC", "verify-command", "D/empty.json", "--trust-store", "D/ts.json",
                        "--dcu", "DCU-1", "--now", "now"),
                row(USAGE, "CONFIG_MISSING", "verify-command", "D/empty.json", "--trust-store", "D/none.json", "--dcu",
                        "DCU-1"),
                row(REFUSED, "CMD_UNSIGNED", "cosign-command", "D/empty.json", "--key", "D/op.key.pem"));
    }

    private static Arguments row(int code, String says, String... args) {
        return Arguments.of(args.length == 0 ? "(no arguments)" : String.join(" ", args), code, says, args);
    }

    record Run(int code, String out, String err) {
        String text() {
            return out + err;
        }
    }

    @BeforeEach
    void files() throws Exception {
        assertThat(run("keygen", "--out", "D/op").code()).isZero();
        assertThat(run("truststore", "init", "D/ts.json").code()).isZero();
        Files.writeString(dir.resolve("junk.zip"), "garbage\n");
        Files.writeString(dir.resolve("empty.json"), "{}");
        Files.write(dir.resolve("binary.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    }

    private Run run(String... args) {
        String[] a = Arrays.stream(args).map(s -> s.replace("D/", dir + "/")).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FumsPkg.run(a, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void everyMistakeGetsOneLineAndItsExitCode(String name, int code, String says, String[] args) {
        Run r = run(args);
        assertThat(r.code()).as(r.text()).isEqualTo(code);
        assertThat(r.text()).contains(says).doesNotContain("Exception", "\tat ", "[picocli");
        assertThat(r.text().strip().lines()).as(r.text()).hasSize(1);
    }

    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        collect(new CommandLine(new FumsPkg()), names);
        return names.stream();
    }

    private static void collect(CommandLine cl, List<String> names) {
        String name = cl.getCommandSpec().qualifiedName(" ").replaceFirst("^fums-pkg ?", "");
        names.add(name);
        cl.getSubcommands().values().stream().distinct().forEach(c -> collect(c, names));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpOfEveryCommandExitsZero(String command) {
        for (String h : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            args.add(h);
            Run r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.text()).isZero();
            assertThat(r.out()).contains("Usage: fums-pkg", "Exit codes:");
            assertThat(r.err()).isEmpty();
        }
    }

    @ParameterizedTest(name = "keygen into a new folder {0}")
    @MethodSource("newFolders")
    void keygenCreatesTheFolderOfItsOutput(String folder) {
        Run r = run("keygen", "--out", "D/" + folder + "/vendor");
        assertThat(r.code()).as(r.text()).isZero();
        assertThat(r.err()).startsWith("created folder ");
        assertThat(dir.resolve(folder).resolve("vendor.key.pem")).isRegularFile();
        assertThat(dir.resolve(folder).resolve("vendor.pub.pem")).isRegularFile();
    }

    static Stream<String> newFolders() {
        return Stream.of("keys", "a/b/keys");
    }

    @ParameterizedTest(name = "revoke {0}")
    @MethodSource("revocations")
    void revokeRefusesAnIdThatIsNotInTheStoreAndChangesNothing(String keyId) throws Exception {
        assertThat(run("truststore", "add", "D/ts.json", "--role", "operator", "--public-key", "D/op.pub.pem").code())
                .isZero();
        byte[] before = Files.readAllBytes(dir.resolve("ts.json"));
        Run typo = run("truststore", "revoke", "D/ts.json", "--key-id", keyId);
        assertThat(typo.code()).isEqualTo(USAGE);
        assertThat(typo.err()).contains("no key " + keyId, "truststore list");
        assertThat(Files.readAllBytes(dir.resolve("ts.json"))).isEqualTo(before);
        Run forced = run("truststore", "revoke", "D/ts.json", "--key-id", keyId, "--force");
        assertThat(forced.code()).as(forced.text()).isZero();
        assertThat(new String(Files.readAllBytes(dir.resolve("ts.json")), StandardCharsets.UTF_8)).contains(keyId);
    }

    static Stream<String> revocations() {
        return Stream.of("0123456789abcdef", "deadbeef00000000");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versionOptions")
    void versionIsTheProjectVersion(String option) {
        Run r = run(option);
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).matches("fums-pkg \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    static Stream<String> versionOptions() {
        return Stream.of("--version", "-V");
    }
}
