package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the built fums-dcu tar.gz, unpacked and started with
 * bin/fums-dcu as a separate process, comes up with every bundle active,
 * keeps its state in the data folder, and exits 0 on SIGTERM (CARD-1, CARD-3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionE2EIT {

    private static final Duration UP = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(45);

    private Path tmp;
    private Path home;

    /** One unpacked distribution for the class's tests (one instance per class, no static state). */
    @BeforeAll
    void unpack(@TempDir Path dir) throws Exception {
        tmp = dir;
        home = DcuProcess.unpack(tmp.resolve("dist"));
    }

    @Test
    void startsWithAllBundlesActiveUsesTheDataFolderAndStopsCleanlyOnSigterm() throws Exception {
        Path data = tmp.resolve("data-option");
        try (DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve("option.log"),
                List.of("--data", data.toString()), Map.of())) {
            assertThat(dcu.awaitState("up", UP)).as("status up; output:\n%s", dcu.output()).isTrue();
            Properties status = dcu.status();
            assertThat(status.getProperty("bundles.notActive")).isEmpty();
            assertThat(Integer.parseInt(status.getProperty("bundles.total"))).isGreaterThan(20);
            assertThat(status.getProperty("pid")).isEqualTo(Long.toString(dcu.process().pid()));
            assertThat(dcu.output()).contains("FUMS-DCU up:");

            assertThat(data.resolve("cache")).as("framework cache in the data folder").isDirectory();
            assertThat(data.resolve("config")).as("configuration store in the data folder").isDirectory();
            assertThat(data.resolve("tmp")).as("native libraries unpacked below the data folder").isDirectory();
            try (var files = Files.list(data.resolve("cache"))) {
                assertThat(files.count()).as("bundle cache entries").isGreaterThan(20);
            }

            assertThat(dcu.terminate(STOP)).as("exit code after SIGTERM; output:\n%s", dcu.output()).isZero();
            assertThat(dcu.output()).contains("SIGTERM received").contains("FUMS-DCU stopped");
            assertThat(dcu.status().getProperty("state")).isEqualTo("stopped");
        }
    }

    @Test
    void dataFolderComesFromTheEnvironmentAndASecondProcessOnItIsRefused() throws Exception {
        Path data = tmp.resolve("data-env");
        try (DcuProcess first = DcuProcess.start(home, data, tmp.resolve("env-1.log"), List.of(),
                Map.of("FUMS_DATA", data.toString()))) {
            assertThat(first.awaitState("up", UP)).as("output:\n%s", first.output()).isTrue();
            assertThat(data.resolve("cache")).isDirectory();

            try (DcuProcess second = DcuProcess.start(home, data, tmp.resolve("env-2.log"), List.of(),
                    Map.of("FUMS_DATA", data.toString()))) {
                assertThat(second.process().waitFor()).isEqualTo(2);
            }
            assertThat(Files.readString(tmp.resolve("env-2.log"))).contains("another FUMS-DCU process is using the data directory");
            assertThat(first.process().isAlive()).isTrue();
            assertThat(first.terminate(STOP)).isZero();
        }
    }

    @Test
    void anUnwritableDataFolderIsAClearErrorWithExitCode2() throws Exception {
        Path file = tmp.resolve("not-a-folder");
        Files.writeString(file, "x");
        try (DcuProcess dcu = DcuProcess.start(home, file.resolve("data"), tmp.resolve("unwritable.log"),
                List.of("--data", file.resolve("data").toString()), Map.of())) {
            assertThat(dcu.process().waitFor()).isEqualTo(2);
            assertThat(dcu.output()).contains("data folder " + file.resolve("data") + " cannot be created");
        }
    }
}
