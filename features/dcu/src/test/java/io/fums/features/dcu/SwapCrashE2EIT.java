package io.fums.features.dcu;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety of the DCU self-upgrade (UMS-2, CARD-1): the real DCU
 * process is killed with SIGKILL at each step of a swap (after the journal,
 * after stopping, after updating, after the refresh, after starting, and
 * healthy but not yet committed) and restarted; every time it comes back on
 * the last committed set, healthy, and records the swap as interrupted.
 * Swaps are driven the way a technician would: Gogo commands on the console.
 */
@Tag("UMS-2")
@Tag("CARD-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwapCrashE2EIT {

    private static final Duration UP = Duration.ofSeconds(60);
    private static final Duration SWAP = Duration.ofSeconds(60);

    private Path tmp;
    private Path home;
    private SwapFixtures fx;
    private Path v1;
    private Path v2;

    /** One unpacked distribution and the two leaf packages for every step (one instance per class). */
    @BeforeAll
    void prepare(@TempDir Path dir) throws Exception {
        tmp = dir;
        home = DcuProcess.unpack(tmp.resolve("dist"));
        fx = new SwapFixtures();
        v1 = fx.leafFeature(tmp.resolve("packages"), "1.0.0", "leaf-v1", "");
        v2 = fx.leafFeature(tmp.resolve("packages"), "2.0.0", "leaf-v2", "");
    }

    /** A copy of the distribution's conf with an interactive console and, optionally, the pause hook. */
    private Path conf(String name, String pauseAt) throws Exception {
        Path conf = tmp.resolve("conf-" + name);
        if (!Files.exists(conf)) {
            DcuProcess.copyTree(home.resolve("conf"), conf);
            Path fp = conf.resolve("framework.properties");
            String props = Files.readString(fp).replace("gosh.args=--nointeractive", "gosh.args=--noshutdown");
            if (pauseAt != null) {
                props += "\nfums.deploy.test.pauseAt=" + pauseAt + "\n";
            }
            Files.writeString(fp, props);
        }
        return conf;
    }

    private static SoftwareSet committed(Path data) throws Exception {
        return SoftwareSetFile.read(data.resolve("deploy/committed.set")).orElse(SoftwareSet.empty());
    }

    private static boolean awaitGeneration(Path data, long generation) {
        return Conditions.within(SWAP, () -> committed(data).generation() == generation);
    }

    @ParameterizedTest(name = "killed after step {0}")
    @ValueSource(strings = {"journaled", "stopped", "updated", "refreshed", "started", "healthy"})
    void aDcuKilledDuringASwapComesBackOnTheLastCommittedSet(String step) throws Exception {
        Path data = tmp.resolve("data-" + step);
        fx.writeTrustStore(data);
        Map<String, String> env = Map.of();

        try (DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve(step + "-1.log"),
                List.of("--data", data.toString(), "--conf", conf("normal", null).toString()), env)) {
            assertThat(dcu.awaitState("up", UP)).as("output:\n%s", dcu.output()).isTrue();
            dcu.command("fums:apply " + v1);
            assertThat(awaitGeneration(data, 1)).as("leaf 1.0.0 committed; output:\n%s", dcu.output()).isTrue();
            assertThat(dcu.terminate(UP)).isZero();
        }

        try (DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve(step + "-2.log"),
                List.of("--data", data.toString(), "--conf", conf("pause-" + step, step).toString()), env)) {
            assertThat(dcu.awaitState("up", UP)).as("output:\n%s", dcu.output()).isTrue();
            dcu.command("fums:apply " + v2);
            Path paused = data.resolve("deploy/paused");
            Conditions.within(SWAP, () -> Files.exists(paused));
            assertThat(paused).as("swap paused at %s; output:\n%s", step, dcu.output()).exists();
            assertThat(Files.readString(paused)).isEqualTo(step);
            assertThat(data.resolve("deploy/journal.properties")).exists();
            dcu.kill();
            Files.delete(paused);
        }

        try (DcuProcess dcu = DcuProcess.start(home, data, tmp.resolve(step + "-3.log"),
                List.of("--data", data.toString(), "--conf", conf("normal", null).toString()), env)) {
            assertThat(dcu.awaitState("up", UP)).as("output:\n%s", dcu.output()).isTrue();
            assertThat(dcu.status().getProperty("bundles.notActive")).isEmpty();
            assertThat(dcu.status().getProperty("software.generation")).isEqualTo("1");
            SoftwareSet set = committed(data);
            assertThat(set.generation()).isEqualTo(1);
            assertThat(set.feature("leaf").orElseThrow().version()).isEqualTo("1.0.0");
            dcu.command("fums:software");
            assertThat(dcu.awaitOutput("feature leaf 1.0.0", UP)).as("output:\n%s", dcu.output()).isTrue();
            assertThat(dcu.output()).containsPattern("io\\.fums\\.test\\.leaf\\s+1\\.0\\.0\\s+ACTIVE\\s+leaf");
            dcu.command("fums:history");
            assertThat(dcu.awaitOutput("INTERRUPTED", UP)).as("output:\n%s", dcu.output()).isTrue();
            assertThat(dcu.output()).contains("interrupted at step '" + step + "'");
            assertThat(data.resolve("deploy/journal.properties")).doesNotExist();
            assertThat(dcu.terminate(UP)).isZero();
        }
    }
}
