package io.fums.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsSingletonAndFactoryConfigurationsWithTypedValues() throws Exception {
        Files.writeString(dir.resolve("io.fums.example.json"),
                "{\"name\":\"x\",\"period\":15,\"ratio\":0.5,\"enabled\":true,\"tags\":[\"a\",\"b\"],\"ports\":[1,2]}");
        Files.writeString(dir.resolve("org.apache.felix.hc.generalchecks.BundlesStartedCheck~fums.json"),
                "{\"includesRegex\":\"io\\\\.fums\\\\..*\"}");
        DefaultConfigFiles files = DefaultConfigFiles.read(dir);
        assertThat(files.problems()).isEmpty();
        assertThat(files.configs()).extracting(Object::toString)
                .containsExactly("io.fums.example", "org.apache.felix.hc.generalchecks.BundlesStartedCheck~fums");
        DefaultConfig c = files.configs().get(0);
        assertThat(c.isFactory()).isFalse();
        assertThat(c.properties()).containsEntry("name", "x").containsEntry("period", 15L)
                .containsEntry("ratio", 0.5).containsEntry("enabled", true);
        assertThat((String[]) c.properties().get("tags")).containsExactly("a", "b");
        assertThat((Long[]) c.properties().get("ports")).containsExactly(1L, 2L);
        assertThat(files.configs().get(1).name()).isEqualTo("fums");
        assertThat(files.configs().get(1).properties()).containsEntry("includesRegex", "io\\.fums\\..*");
    }

    @Test
    void badFilesAreReportedAndSkippedWithoutStoppingTheOthers() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"nested\":{\"x\":1}}");
        Files.writeString(dir.resolve("b.json"), "{\"mixed\":[1,\"x\"]}");
        Files.writeString(dir.resolve("c.json"), "{ not json");
        Files.writeString(dir.resolve("d.json"), "[1,2]");
        Files.writeString(dir.resolve("e.json"), "{\"big\":123456789012345678901234567890}");
        Files.writeString(dir.resolve("f~.json"), "{}");
        Files.writeString(dir.resolve("ok.json"), "{\"x\":\"y\"}");
        DefaultConfigFiles files = DefaultConfigFiles.read(dir);
        assertThat(files.configs()).extracting(Object::toString).containsExactly("ok");
        assertThat(files.problems()).extracting(Object::toString).containsExactly(
                "a.json: property 'nested': only strings, numbers, booleans and arrays of them are allowed",
                "b.json: property 'mixed': array mixes Long and String",
                files.problems().get(2).toString(),
                "d.json: expected a JSON object of properties",
                "e.json: property 'big': 123456789012345678901234567890 does not fit a long",
                "f~.json: file name must be <pid>.json or <factoryPid>~<name>.json");
        assertThat(files.problems().get(2).toString()).startsWith("c.json: ");
    }

    @Test
    void missingFolderHoldsNothing() throws Exception {
        DefaultConfigFiles files = DefaultConfigFiles.read(dir.resolve("absent"));
        assertThat(files.configs()).isEmpty();
        assertThat(files.problems()).isEmpty();
    }
}
