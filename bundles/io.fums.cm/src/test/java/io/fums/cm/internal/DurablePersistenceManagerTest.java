package io.fums.cm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.stream.Stream;
import org.apache.felix.cm.file.FilePersistenceManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable store keeps Felix's file format (a store written by it reads back with Felix's own manager, and the
 * other way round) and leaves no temporary file; that what it stores survives a power cut is shown on LazyFS by
 * FaultSoakE2EIT (every emptied configuration file is a violation there).
 */
@Tag("UMS-2")
class DurablePersistenceManagerTest {

    @TempDir
    Path dir;

    @Test
    void storesLoadsAndDeletesInFelixsFormatAndLeavesNoTemporaryFile() throws Exception {
        Path location = dir.resolve("config");
        DurablePersistenceManager pm = new DurablePersistenceManager(null, location.toString());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.pid", "io.fums.test.pid");
        props.put("readIntervalSeconds", 60);
        pm.store("io.fums.test.pid", props);
        pm.store("io.fums.other", new Hashtable<>(java.util.Map.of("service.pid", "io.fums.other", "x", "y")));

        FilePersistenceManager felix = new FilePersistenceManager(location.toString());
        assertThat(felix.exists("io.fums.test.pid")).isTrue();
        assertThat(felix.load("io.fums.test.pid").get("readIntervalSeconds")).isEqualTo(60);
        try (Stream<Path> s = Files.walk(location)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.endsWith(".config")).hasSize(2);
        }
        pm.delete("io.fums.other");
        assertThat(felix.exists("io.fums.other")).isFalse();
        assertThat(pm.exists("io.fums.test.pid")).isTrue();
    }

    @Test
    void aStoreWithNoFolderYetIsMadeAndSynced() throws Exception {
        Path location = dir.resolve("not/yet/there");
        DurablePersistenceManager pm = new DurablePersistenceManager(null, location.toString());
        pm.store("a.b", new Hashtable<>(java.util.Map.of("service.pid", "a.b")));
        assertThat(new FilePersistenceManager(location.toString()).load("a.b").get("service.pid")).isEqualTo("a.b");
        pm.sync(); // again, nothing new: no failure
    }
}
