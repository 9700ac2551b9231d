package io.fums.api.software;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("UMS-2")
class SoftwareSetFileTest {

    private static final String H1 = "a".repeat(64);
    private static final String H2 = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private static SoftwareSet sample() {
        return new SoftwareSet(3, Instant.parse("2026-11-24T03:00:00Z"),
                List.of(new SoftwareSet.Feature("meter-agent", "1.2.0")),
                List.of(new SoftwareSet.SetBundle("meter-agent", "io.fums.meter.upgrade", "1.2.0.SNAPSHOT", 20, true, H1),
                        new SoftwareSet.SetBundle("meter-agent", "io.fums.lib", "1.0.0", 19, false, H2)));
    }

    @Test
    void writesAndReadsBackTheSameSet() throws Exception {
        Path file = dir.resolve("deploy/committed.set");
        SoftwareSetFile.write(file, sample());
        SoftwareSet back = SoftwareSetFile.read(file).orElseThrow();
        assertThat(back.generation()).isEqualTo(3);
        assertThat(back.committed()).isEqualTo(Instant.parse("2026-11-24T03:00:00Z"));
        assertThat(back.sameContent(sample())).isTrue();
        assertThat(back.bundle("io.fums.lib").orElseThrow().started()).isFalse();
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void missingFileIsEmpty() throws Exception {
        assertThat(SoftwareSetFile.read(dir.resolve("none.set"))).isEmpty();
    }

    @Test
    void withReplacesAFeatureAndCountsTheGeneration() {
        SoftwareSet next = sample().with(new SoftwareSet.Feature("meter-agent", "1.3.0"),
                List.of(new SoftwareSet.SetBundle("meter-agent", "io.fums.meter.upgrade", "1.3.0", 20, true, H2)),
                Instant.parse("2026-11-24T04:00:00Z"));
        assertThat(next.generation()).isEqualTo(4);
        assertThat(next.feature("meter-agent").orElseThrow().version()).isEqualTo("1.3.0");
        assertThat(next.bundles()).hasSize(1);
        assertThat(next.sameContent(sample())).isFalse();
    }

    @Test
    void malformedFilesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> SoftwareSetFile.parse(List.of("generation 1", "committed 2026-11-24T03:00:00Z", "bundle x y 1 20 start " + H1), "s"))
                .hasMessage("s: bundle y belongs to unlisted feature x");
        assertThatThrownBy(() -> SoftwareSetFile.parse(List.of("generation one"), "s"))
                .hasMessageStartingWith("s:1: bad number or time");
        assertThatThrownBy(() -> SoftwareSetFile.parse(List.of("generation 1", "committed 2026-11-24T03:00:00Z",
                "feature f 1", "bundle f y 1 20 go " + H1), "s"))
                .hasMessage("s:4: start state must be 'start' or 'stop', found 'go'");
        assertThatThrownBy(() -> SoftwareSetFile.parse(List.of("generation 1", "committed 2026-11-24T03:00:00Z",
                "feature f 1", "bundle f y 1 20 start ABC"), "s"))
                .hasMessage("s:4: hash of y must be 64 lower-case hex digits");
        assertThatThrownBy(() -> SoftwareSetFile.parse(List.of("feature f 1"), "s"))
                .hasMessage("s: 'generation' and 'committed' records are required");
        assertThatThrownBy(() -> SoftwareSetFile.parse(List.of("shrug"), "s")).hasMessage("s:1: unknown record 'shrug'");
    }

    /** Issue 16: a new folder is made one level at a time, each fsynced in its parent; a file in the way is refused. */
    @Test
    void createDirectoriesMakesEveryMissingLevelAndRefusesAFileInTheWay(@TempDir Path dir) throws Exception {
        Path deep = dir.resolve("deploy/bundles/ab");
        SoftwareSetFile.createDirectories(deep);
        assertThat(deep).isDirectory();
        SoftwareSetFile.createDirectories(deep); // again: nothing to do
        Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> SoftwareSetFile.createDirectories(dir.resolve("file/sub")))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.readString(dir.resolve("file"))).isEqualTo("x");
    }
}
