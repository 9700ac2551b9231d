package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake with the real {@code bin/fums-dcu} of the built distribution is one line on stderr naming what is
 * wrong and how to fix it, no stack trace, exit code 2 (docs/dcu-runtime.md), and for a mistake in the command line
 * nothing is created: no data folder; {@code bin/fums-dcu shell} mistakes likewise with its exit codes 2 (usage)
 * and 3 (no DCU at the socket). {@code {tmp}} is a folder with a file {@code a-file} and prepared configuration
 * folders; {@code {home}} the unpacked distribution. Every case gets {@code FUMS_DATA} of its own.
 */
@Tag("CARD-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherMistakesE2EIT {

    private Path tmp;
    private Path home;

    @BeforeAll
    void unpack(@TempDir Path dir) throws Exception {
        tmp = dir;
        home = DcuProcess.unpack(tmp.resolve("dist"));
        Files.writeString(tmp.resolve("a-file"), "x");
        Path noJvm = Files.createDirectories(tmp.resolve("conf-no-jvm-options"));
        Files.writeString(noJvm.resolve("framework.properties"), "fums.dcu.id=dcu-1\n");
        DcuProcess.copyTree(home.resolve("conf"), tmp.resolve("conf-bad-level"));
        Files.writeString(tmp.resolve("conf-bad-level/framework.properties"), "fums.startlevel=thirty\n",
                java.nio.file.StandardOpenOption.APPEND);
        for (String level : List.of("0", "200")) {
            DcuProcess.copyTree(home.resolve("conf"), tmp.resolve("conf-level-" + level));
            Files.writeString(tmp.resolve("conf-level-" + level + "/framework.properties"), "fums.startlevel=" + level
                    + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        DcuProcess.copyTree(home.resolve("conf"), tmp.resolve("conf-bad-jvm"));
        Files.writeString(tmp.resolve("conf-bad-jvm/jvm.options"), "-XX:+NoSuchOption\n",
                java.nio.file.StandardOpenOption.APPEND);
        DcuProcess.copyTree(home.resolve("conf"), tmp.resolve("conf-bad-ref"));
        Files.writeString(tmp.resolve("conf-bad-ref/framework.properties"), "x.dir=${fums.data.folder}/x\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    Stream<Arguments> mistakes() {
        return Stream.of(
                m("configuration folder /nonexistent (from --conf) does not exist; name the folder", true, Map.of(),
                        "--conf", "/nonexistent"),
                m("configuration folder /nonexistent (from --conf) does not exist", true, Map.of(),
                        "--conf=/nonexistent"),
                m("configuration folder /nowhere/conf (from FUMS_CONF) does not exist", true,
                        Map.of("FUMS_CONF", "/nowhere/conf")),
                m("configuration folder {tmp}/a-file (from --conf) is a file, not a folder", true, Map.of(),
                        "--conf", "{tmp}/a-file"),
                m("{tmp}/conf-no-jvm-options/jvm.options is missing: is {tmp}/conf-no-jvm-options the configuration "
                        + "folder?", true, Map.of(), "--conf", "{tmp}/conf-no-jvm-options"),
                m("option --conf needs a folder", true, Map.of(), "--conf"),
                m("option --conf needs a folder", true, Map.of(), "--conf", "--data", "{tmp}/d"),
                m("option --data needs a folder", true, Map.of(), "--data"),
                m("the JVM refuses the options of {home}/conf/jvm.options or FUMS_JAVA_OPTS: Invalid maximum heap "
                        + "size: -Xmx12qq", true, Map.of("FUMS_JAVA_OPTS", "-Xmx12qq")),
                m("the JVM refuses the options of {tmp}/conf-bad-jvm/jvm.options or FUMS_JAVA_OPTS: Unrecognized VM "
                        + "option 'NoSuchOption'", true, Map.of(), "--conf", "{tmp}/conf-bad-jvm"),
                m("option --data= needs a folder", true, Map.of(), "--data="),
                m("option --conf= needs a folder", true, Map.of(), "--conf="),
                m("the data folder is empty: give one with --data or FUMS_DATA", true, Map.of("FUMS_DATA", " ")),
                m("data folder {tmp}/a-file is a file, not a folder", true, Map.of("FUMS_DATA", "{tmp}/a-file")),
                m("option '--data' (<data>) should be specified only once", true, Map.of(), "--data", "{tmp}/d3",
                        "--data", "{tmp}/d4"),
                m("Unknown options: '-data', '{tmp}/d5' (did you mean --data?)", true, Map.of(), "-data", "{tmp}/d5"),
                m("no Java runtime found: install Java 17 or set JAVA_HOME", true, Map.of("JAVA_HOME", "/no/java")),
                m("fums-dcu: Unknown option: '--frobnicate'; see fums-dcu --help", true, Map.of(), "--frobnicate"),
                m("Unknown options: '--dat', '{tmp}/d2' (did you mean --data?)", true, Map.of(), "--dat", "{tmp}/d2"),
                m("Unknown options: '--config', '{home}/conf' (did you mean --conf?)", true, Map.of(), "--config", "{home}/conf"),
                m("Unmatched argument at index", true, Map.of(), "start"),
                m("Unmatched argument at index 2: 'run'", true, Map.of(), "run"),
                m("Unknown option: '--Data'", true, Map.of(), "--Data"),
                m("configuration folder {tmp}/a-file (from FUMS_CONF) is a file, not a folder", true,
                        Map.of("FUMS_CONF", "{tmp}/a-file")),
                m("framework.properties: fums.startlevel=0 is not a start level 1..", false, Map.of(), "--conf",
                        "{tmp}/conf-level-0"),
                m("framework.properties: fums.startlevel=200 is not a start level 1..", false, Map.of(), "--conf",
                        "{tmp}/conf-level-200"),
                m("Unknown option: '-d'", true, Map.of(), "-d"),
                m("option '--home' (<home>) should be specified only once", true, Map.of(), "--home", "{home}"),
                m("data folder {tmp}/a-file/data cannot be created", true, Map.of(), "--data", "{tmp}/a-file/data"),
                m("framework.properties: fums.startlevel=thirty is not a start level 1..", false, Map.of(), "--conf",
                        "{tmp}/conf-bad-level"),
                m("framework.properties: x.dir refers to unknown ${fums.data.folder}; known:", false, Map.of(),
                        "--conf", "{tmp}/conf-bad-ref"));
    }

    @ParameterizedTest(name = "[{index}] {3} {2} -> 2")
    @MethodSource("mistakes")
    void oneLineExitTwo(String line, boolean createsNothing, Map<String, String> env, String[] args) throws Exception {
        oneLine(2, line, createsNothing, env, args);
    }

    /**
     * {@code bin/fums-dcu shell} (docs/technician.md): no DCU needed; exit 2 for a usage mistake, 3 when no DCU
     * answers at the socket, one line each, and nothing created (it never creates the data folder).
     */
    Stream<Arguments> shellMistakes() {
        return Stream.of(
                Arguments.of(3, "fums-dcu shell: no shell at {tmp}/data-", Map.of(), new String[] {"shell"}),
                Arguments.of(3, "fums-dcu shell: no shell at /nowhere/run/shell.sock: is the DCU running", Map.of(),
                        new String[] {"shell", "--data", "/nowhere"}),
                Arguments.of(3, "fums-dcu shell: cannot reach the DCU at {tmp}/a-file: ", Map.of(),
                        new String[] {"shell", "--socket", "{tmp}/a-file"}),
                Arguments.of(2, "fums-dcu shell: unknown argument '--frobnicate'; usage: fums-dcu shell [--data DIR] "
                        + "[--socket FILE]", Map.of(), new String[] {"shell", "--frobnicate"}),
                Arguments.of(2, "fums-dcu shell: option --data needs a value; usage:", Map.of(), new String[] {"shell", "--data"}),
                Arguments.of(2, "fums-dcu shell: unknown argument 'health'", Map.of(), new String[] {"shell", "health"}),
                Arguments.of(2, "fums-dcu: no Java runtime found: install Java 17 or set JAVA_HOME",
                        Map.of("JAVA_HOME", "/no/java"), new String[] {"shell"}));
    }

    @ParameterizedTest(name = "[{index}] {3} {2} -> {0}")
    @MethodSource("shellMistakes")
    @Tag("UMS-3")
    void shellMistakesAreOneLineWithTheirExitCode(int code, String line, Map<String, String> env, String[] args)
            throws Exception {
        oneLine(code, line, true, env, args);
    }

    private void oneLine(int code, String line, boolean createsNothing, Map<String, String> env, String[] args)
            throws Exception {
        Path data = tmp.resolve("data-" + System.nanoTime());
        Run r = run(data, env, args);
        String expected = fill(line);
        assertThat(r.err).as("stderr of %s", Arrays.toString(args)).contains(expected)
                .doesNotContain("\tat ", "Exception in thread", "Usage:", "line ");
        assertThat(r.err.strip().lines().filter(l -> l.contains(expected)).count()).as("one line: %s", r.err)
                .isEqualTo(1);
        assertThat(r.err.strip().lines().filter(l -> !l.contains(" [launcher] INFO ")).count())
                .as("only that line beside the launcher's INFO log: %s", r.err).isEqualTo(1);
        assertThat(r.code).as("exit code; stderr %s", r.err).isEqualTo(code);
        if (createsNothing) {
            assertThat(data).as("no data folder for a command-line mistake").doesNotExist();
        }
    }

    @Test
    void helpAndVersionExitZeroAndCreateNothing() throws Exception {
        for (List<String> flags : List.of(List.of("--help"), List.of("-h"), List.of("--version"), List.of("shell", "--help"),
                List.of("shell", "-h"))) {
            Path data = tmp.resolve("data-help-" + String.join("", flags));
            Run r = run(data, Map.of("FUMS_CONF", "/nonexistent"), flags.toArray(new String[0]));
            assertThat(r.code).as("%s: %s", flags, r.err).isZero();
            assertThat(r.out).contains("fums-dcu");
            assertThat(r.err).isEmpty();
            assertThat(data).as("%s creates nothing", flags).doesNotExist();
        }
    }

    /**
     * One DCU start for two configuration mistakes (issue 18): a typo in a cloud-link key is refused and named in the
     * log, and with a {@code meters.json} the DCU cannot use, the status file says {@code state=up} (the process
     * runs) and {@code health=degraded} with both checks and their reasons in {@code health.reason}.
     */
    @Test
    @Tag("SEC-9")
    @Tag("UMS-3")
    void aTypoInACloudLinkKeyAndAnUnusableInventoryAreNamedInTheLogAndTheStatusFileSaysDegraded() throws Exception {
        Path conf = tmp.resolve("conf-cloud-typo");
        DcuProcess.copyTree(home.resolve("conf"), conf);
        Files.writeString(conf.resolve("config/io.fums.cloud.mqtt.json"), "{\"brokerUrll\": \"ssl://127.0.0.1:1\"}\n");
        Files.writeString(conf.resolve("meters.json"), "{\"meters\": [\n");
        Path data = tmp.resolve("data-cloud-typo");
        try (DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve("cloud-typo.log"),
                List.of("--data", data.toString(), "--conf", conf.toString()), Map.of())) {
            assertThat(dcu.awaitState("up", java.time.Duration.ofSeconds(60))).as("output:\n%s", dcu.output()).isTrue();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(dcu.output()).contains("cloud link not started: CONFIG_INVALID configuration "
                        + "io.fums.cloud.mqtt: unknown key 'brokerUrll' (did you mean 'brokerUrl'?): fix or remove it");
                java.util.Properties status = dcu.status();
                assertThat(status.getProperty("state")).as("the process runs").isEqualTo("up");
                assertThat(status.getProperty("health")).isEqualTo("degraded");
                assertThat(status.getProperty("health.reason"))
                        .contains("FUMS cloud link configuration: CRITICAL degraded: the cloud link refuses its "
                                + "configuration, it does not run: CONFIG_INVALID configuration io.fums.cloud.mqtt: "
                                + "unknown key 'brokerUrll'")
                        .contains("FUMS meter inventory: WARN degraded: meter inventory " + conf.resolve("meters.json")
                                + " refused: ");
            });
            assertThat(dcu.output()).contains("[launcher] WARNING io.fums.launcher - FUMS-DCU health degraded: ");
            assertThat(dcu.terminate(java.time.Duration.ofSeconds(45))).isZero();
            assertThat(dcu.status().getProperty("state")).isEqualTo("stopped");
            assertThat(dcu.status().getProperty("health")).as("no health once stopped").isNull();
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(Path data, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/fums-dcu").toString());
        Arrays.stream(args).map(this::fill).forEach(cmd::add);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().remove("FUMS_CONF");
        pb.environment().put("FUMS_DATA", data.toString());
        env.forEach((k, v) -> pb.environment().put(k, fill(v)));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("bin/fums-dcu " + cmd + " did not end within 60 s: it started?");
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private String fill(String s) {
        return s.replace("{tmp}", tmp.toString()).replace("{home}", home.toString());
    }

    private static Arguments m(String line, boolean createsNothing, Map<String, String> env, String... args) {
        return Arguments.of(line, createsNothing, env, args);
    }
}
