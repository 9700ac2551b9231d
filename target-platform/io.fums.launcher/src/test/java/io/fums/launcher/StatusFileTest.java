package io.fums.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6 (ARC-4): the status file tells the truth after an abnormal
 * exit. A run that left 'up' (or 'crashed', written on an OutOfMemoryError)
 * behind is reported by the next run as having ended abnormally, in every
 * status that run writes.
 */
@Tag("ARC-4")
class StatusFileTest {

    @TempDir
    Path run;

    private Properties read() throws Exception {
        return read(run);
    }

    /** The status file in {@code runDir}, as a monitoring script reads it. */
    static Properties read(Path runDir) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(runDir.resolve("status.properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void issue12item6_anUpLeftBehindByAGoneProcessIsReportedAsAnAbnormalEnd() throws Exception {
        StatusFile crashed = new StatusFile(run);
        crashed.recordPreviousRun();
        crashed.write("up", Map.of("bundles.total", "30"));

        StatusFile next = new StatusFile(run);
        assertThat(next.recordPreviousRun()).isTrue();
        next.write("starting", Map.of());
        Properties p = read();
        assertThat(p.getProperty("state")).isEqualTo("starting");
        assertThat(p.getProperty("previous.state")).isEqualTo("up");
        assertThat(p.getProperty("previous.end")).isEqualTo("abnormal");
        assertThat(p.getProperty("previous.pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        next.write("up", Map.of());
        assertThat(read().getProperty("previous.end")).as("kept for the whole run").isEqualTo("abnormal");
    }

    @Test
    void aCrashMarkWithItsReasonIsCarriedOver() throws Exception {
        Files.writeString(run.resolve("status.properties"),
                "state=crashed\npid=4242\nreason=OutOfMemoryError\nupdated=2026-12-01T00:00:00Z\n");
        StatusFile next = new StatusFile(run);
        assertThat(next.recordPreviousRun()).isTrue();
        next.write("up", Map.of());
        Properties p = read();
        assertThat(p.getProperty("previous.state")).isEqualTo("crashed");
        assertThat(p.getProperty("previous.reason")).isEqualTo("OutOfMemoryError");
        assertThat(p.getProperty("previous.pid")).isEqualTo("4242");
        assertThat(p.getProperty("reason")).as("the old reason is not this run's").isNull();
    }

    @Test
    void aNormalStopIsANormalEndAndAFirstStartHasNoPreviousRun() throws Exception {
        StatusFile first = new StatusFile(run);
        assertThat(first.recordPreviousRun()).isFalse();
        first.write("stopped", Map.of("reason", "stopped"));
        assertThat(read().getProperty("previous.state")).isNull();

        StatusFile next = new StatusFile(run);
        assertThat(next.recordPreviousRun()).isFalse();
        next.write("up", Map.of());
        assertThat(read().getProperty("previous.end")).isEqualTo("normal");
    }
}
