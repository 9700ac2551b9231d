package io.fums.launcher;

import java.io.IOException;
import java.io.InputStream;
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
 * tests and monitoring (starting, up, degraded, stopping, stopped; crashed
 * when bin/fums-dcu-crashed marks an OutOfMemoryError exit), replaced
 * atomically on every change so a reader never sees half a file. Each run
 * also records how the previous one ended ({@code previous.end=abnormal}
 * when it left anything but {@code stopped} behind).
 *
 * <p>While the DCU runs, {@link HealthMonitor} adds {@code health=ok|degraded}, {@code health.reason} (one line:
 * each failing check's name, status and first message) and {@code health.checks}: the DCU's health beside its
 * process state. They are dropped when it stops. Thread-safe: the monitor and the main thread both write.
 */
final class StatusFile {

    private final Path file;
    private final Map<String, String> sticky = new TreeMap<>();
    private final Map<String, String> health = new TreeMap<>();
    private boolean healthEnded;
    private String state;
    private Map<String, String> details = Map.of();

    StatusFile(Path runDir) {
        this.file = runDir.resolve("status.properties");
    }

    /**
     * Reads what the previous run left behind, before this run writes anything,
     * and keeps it in every later write as {@code previous.*}. A state other
     * than {@code stopped} (up, starting, degraded, stopping, or crashed as
     * bin/fums-dcu-crashed writes it on an OutOfMemoryError) means the previous
     * process ended abnormally: killed, crashed or a power cut (the caller
     * holds the data directory's lock, so that process is gone).
     *
     * @return true if the previous run ended abnormally
     */
    synchronized boolean recordPreviousRun() throws IOException {
        sticky.clear();
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Properties old = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            old.load(in);
        } catch (IllegalArgumentException e) {
            old.clear();
        }
        String state = old.getProperty("state", "unknown");
        boolean abnormal = !"stopped".equals(state);
        sticky.put("previous.state", state);
        sticky.put("previous.pid", old.getProperty("pid", "?"));
        sticky.put("previous.updated", old.getProperty("updated", "?"));
        sticky.put("previous.end", abnormal ? "abnormal" : "normal");
        if (old.getProperty("reason") != null) {
            sticky.put("previous.reason", old.getProperty("reason"));
        }
        return abnormal;
    }

    /** What {@link #recordPreviousRun()} found, as written into every status of this run. */
    synchronized Map<String, String> previousRun() {
        return Map.copyOf(sticky);
    }

    Path path() {
        return file;
    }

    /** Records the DCU's health and rewrites the file with it (nothing after {@link #endHealth()}). */
    synchronized void health(String verdict, String reason, int checks) throws IOException {
        if (healthEnded) {
            return;
        }
        health.put("health", verdict);
        health.put("health.reason", reason);
        health.put("health.checks", Integer.toString(checks));
        if (state != null) {
            write(state, details);
        }
    }

    /** The DCU is stopping: later writes carry no health, and {@link #health} writes nothing. */
    synchronized void endHealth() {
        healthEnded = true;
        health.clear();
    }

    synchronized void write(String state, Map<String, String> details) throws IOException {
        this.state = state;
        this.details = Map.copyOf(details);
        Properties p = new Properties();
        Map<String, String> all = new TreeMap<>(sticky);
        all.putAll(details);
        all.putAll(health);
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
