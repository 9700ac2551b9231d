package io.fums.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("UMS-2")
class CommittedSoftwareTest {

    @TempDir
    Path data;

    private SoftwareSet setWithJar(long generation, String content) throws Exception {
        byte[] bytes = content.getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path jar = data.resolve("deploy/bundles/" + sha + ".jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, bytes);
        return new SoftwareSet(generation, Instant.now(), List.of(new SoftwareSet.Feature("f", "1." + generation)),
                List.of(new SoftwareSet.SetBundle("f", "x.y", "1." + generation, 20, true, sha)));
    }

    @Test
    void noSetMeansTheBaseRuntimeOnly() {
        assertThat(new CommittedSoftware(data).choose().bundles()).isEmpty();
    }

    @Test
    void theCommittedSetIsChosenWhenItsJarsAreIntact() throws Exception {
        SoftwareSetFile.write(data.resolve("deploy/previous.set"), setWithJar(1, "one"));
        SoftwareSetFile.write(data.resolve("deploy/committed.set"), setWithJar(2, "two"));
        assertThat(new CommittedSoftware(data).choose().generation()).isEqualTo(2);
    }

    @Test
    void aCommittedSetWithADamagedJarFallsBackToThePreviousSet() throws Exception {
        SoftwareSetFile.write(data.resolve("deploy/previous.set"), setWithJar(1, "one"));
        SoftwareSet two = setWithJar(2, "two");
        SoftwareSetFile.write(data.resolve("deploy/committed.set"), two);
        Files.writeString(new CommittedSoftware(data).jar(two.bundles().get(0)), "tampered");
        assertThat(new CommittedSoftware(data).choose().generation()).isEqualTo(1);
    }

    @Test
    void anUnreadableCommittedSetFallsBackAndAMissingJarToo() throws Exception {
        Files.createDirectories(data.resolve("deploy"));
        Files.writeString(data.resolve("deploy/committed.set"), "garbage");
        SoftwareSet one = setWithJar(1, "one");
        SoftwareSetFile.write(data.resolve("deploy/previous.set"), one);
        assertThat(new CommittedSoftware(data).choose().generation()).isEqualTo(1);
        Files.delete(new CommittedSoftware(data).jar(one.bundles().get(0)));
        assertThat(new CommittedSoftware(data).choose().bundles()).isEmpty();
    }
}
