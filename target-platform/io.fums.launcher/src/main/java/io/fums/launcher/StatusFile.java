package io.fums.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code <data>/run/status.properties}: the DCU's process state for scripts,
 * tests and monitoring (starting, up, degraded, stopping, stopped), replaced
 * atomically on every change so a reader never sees half a file.
 */
final class StatusFile {

    private final Path file;

    StatusFile(Path runDir) {
        this.file = runDir.resolve("status.properties");
    }

    Path path() {
        return file;
    }

    void write(String state, Map<String, String> details) throws IOException {
        Properties p = new Properties();
        Map<String, String> all = new TreeMap<>(details);
        all.put("state", state);
        all.put("pid", Long.toString(ProcessHandle.current().pid()));
        all.put("updated", Instant.now().toString());
        p.putAll(all);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "FUMS-DCU process status");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
