package io.fums.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake a person makes with {@code ./fums-demo} gets one line on stderr (what is wrong; how to fix it), no
 * stack trace, exit code 2, and nothing starts. Each case gets {@code --inputs} with a distribution file and a
 * {@code --work} folder of its own unless it sets them: only the named mistake stands between it and a run.
 */
@Tag("CARD-4")
class DemoMistakesTest {

    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createTempDirectory(Path.of("target"), "demo-mistakes").toAbsolutePath();
        Files.createDirectories(dir.resolve("inputs"));
        Files.writeString(dir.resolve("inputs/fums-dcu.tar.gz"), "stands in for the distribution; never unpacked");
        Files.writeString(dir.resolve("a-file"), "x");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                m("--faults: '0' is not KIND=N", "--faults", "0"),
                m("--faults: 'selfcheck=1' is not KIND=N", "--faults", "selfcheck=1"),
                m("--faults: 'self-check=x' is not KIND=N", "--faults", "self-check=x"),
                m("--faults: 'self-check=-1' is not KIND=N", "--faults", "self-check=-1"),
                m("--faults: 'power-cut=99999999999' is not KIND=N", "--faults", "power-cut=99999999999"),
                m("--faults: self-check is given twice", "--faults", "self-check=1,self-check=2"),
                m("--faults: 'self-check' is not KIND=N", "--faults", "self-check"),
                m("--meters 3 leaves no healthy meter beside the fault mix (5 faulty meters): give --meters 6",
                        "--meters", "3"),
                m("--meters 2 leaves no healthy meter beside the fault mix (2 faulty meters): give --meters 3",
                        "--meters", "2", "--faults", "self-check=2"),
                m("--meters 0 is out of range: give 1..5000", "--meters", "0"),
                m("--meters 6000 is out of range", "--meters", "6000"),
                m("Invalid value for option '--meters': 'ten' is not an int", "--meters", "ten"),
                m("Invalid value for option '--meters': '-' is not an int", "--meters", "-"),
                m("--baud 12 is not a link speed", "--baud", "12"),
                m("Invalid value for option '--baud': '9600bps' is not an int", "--baud", "9600bps"),
                m("--image-kib 0 is out of range", "--image-kib", "0"),
                m("--image-kib 9000 is out of range", "--image-kib", "9000"),
                m("--read-seconds 0 must be at least 1", "--read-seconds", "0"),
                m("Missing required parameter for option '--meters'", "--meters"),
                m("Unknown options: '--meter', '5' (did you mean --meters?)", "--meter", "5"),
                m("Unknown options: '--fault', 'self-check=1' (did you mean --faults?)", "--fault", "self-check=1"),
                m("Unmatched argument at index 6: '100'", "100"),
                m("Unknown option: '-k'", "-k"),
                m("--work " + "{dir}/a-file is a file; give a folder", "--work", "{dir}/a-file"),
                m("--report {dir} is a folder; give a file name", "--report", "{dir}"),
                m("--report {dir}/nowhere/r.html: folder {dir}/nowhere does not exist", "--report",
                        "{dir}/nowhere/r.html"),
                m("the DCU distribution is missing", "--inputs", "{dir}/no-inputs"),
                m("the DCU distribution is missing", "--inputs", "{dir}/a-file"),
                m("Invalid value for option '--read-seconds': '1.5' is not an int", "--read-seconds", "1.5"),
                m("Unmatched argument at index 7: 'yes'", "--keep", "yes"));
    }

    @ParameterizedTest(name = "[{index}] {1} -> {0}")
    @MethodSource("mistakes")
    void oneLineExitTwoNothingStarts(String line, String[] args) throws IOException {
        Path work = Files.createTempDirectory(dir, "work");
        List<String> real = new ArrayList<>();
        List<String> given = Arrays.asList(args);
        for (String[] d : new String[][] {{"--inputs", dir.resolve("inputs").toString()},
            {"--work", work.resolve("w").toString()}, {"--report", work.resolve("r.html").toString()}}) {
            if (!given.contains(d[0])) {
                real.addAll(List.of(d));
            }
        }
        given.stream().map(a -> a.replace("{dir}", dir.toString())).forEach(real::add);
        StringWriter err = new StringWriter();
        int rc = DemoMain.run(new PrintWriter(err, true), real.toArray(String[]::new));
        String text = err.toString();
        assertThat(text).as("stderr of %s", real).contains(line.replace("{dir}", dir.toString()))
                .doesNotContain("\tat ", "Exception in thread", "Usage:");
        assertThat(text.strip().lines().count()).as("one line: %s", text).isEqualTo(1);
        assertThat(rc).as("exit code; stderr %s", text).isEqualTo(2);
        assertThat(work.resolve("w")).as("nothing started, no work folder").doesNotExist();
    }

    private static Arguments m(String line, String... args) {
        return Arguments.of(line, args);
    }
}
