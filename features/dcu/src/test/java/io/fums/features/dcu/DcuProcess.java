package io.fums.features.dcu;

import io.fums.testsupport.Conditions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The DCU distribution unpacked into a folder and run as its own process
 * through bin/fums-dcu, as an operator or systemd runs it.
 */
public final class DcuProcess implements AutoCloseable {

    private final Path home;
    private final Path data;
    private final Path log;
    private Process process;

    private DcuProcess(Path home, Path data, Path log) {
        this.home = home;
        this.data = data;
        this.log = log;
    }

    /** Unpacks the built tar.gz into {@code dir}. */
    public static Path unpack(Path dir) throws IOException, InterruptedException {
        return unpack(dir, Path.of(System.getProperty("fums.distribution")));
    }

    /** Unpacks a distribution tar.gz into {@code dir}; returns the distribution's home. */
    public static Path unpack(Path dir, Path tarball) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes());
        if (tar.waitFor() != 0) {
            throw new IOException("tar failed: " + out);
        }
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("fums-dcu-")).findFirst()
                    .orElseThrow(() -> new IOException(tarball + " holds no fums-dcu-<version> folder"));
        }
    }

    /** Copies a folder tree. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Starts bin/fums-dcu with the given extra arguments and environment; its output goes to {@code log}. */
    public static DcuProcess start(Path home, Path data, Path log, List<String> args, Map<String, String> env) throws IOException {
        DcuProcess p = new DcuProcess(home, data, log);
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/fums-dcu").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("FUMS_DATA");
        pb.environment().putAll(env);
        p.process = pb.start();
        reapAtExit(p.process);
        return p;
    }

    /**
     * A failed test or a stopped run leaves no DCU process behind: a shutdown
     * hook of this JVM kills the process, and is withdrawn once the process has
     * ended (each process owns its hook: no static registry).
     */
    private static void reapAtExit(Process process) {
        Thread reaper = new Thread(process::destroyForcibly, "dcu-process-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
        process.onExit().thenRun(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs (on a dead process, it does nothing)
            }
        });
    }

    public Path data() {
        return data;
    }

    public Process process() {
        return process;
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The launcher's status file, or empty properties before it exists. */
    public Properties status() throws IOException {
        Properties p = new Properties();
        Path f = data.resolve("run/status.properties");
        if (Files.exists(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            }
        }
        return p;
    }

    /**
     * Waits until the status file, written by this process (a file left by an
     * earlier, killed process does not count), says {@code state}, or the process ends.
     */
    public boolean awaitState(String state, Duration timeout) throws IOException, InterruptedException {
        Conditions.within(timeout, () -> reached(state) || !process.isAlive());
        return reached(state);
    }

    private boolean reached(String state) throws IOException {
        Properties status = status();
        return state.equals(status.getProperty("state")) && Long.toString(process.pid()).equals(status.getProperty("pid"));
    }

    /** Sends SIGTERM (Process.destroy on Linux) and returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the DCU did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public Path home() {
        return home;
    }

    /** Types a command into the DCU's Gogo console (the DCU must run with an interactive shell). */
    public void command(String line) throws IOException {
        var in = process.getOutputStream();
        in.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits until the output contains {@code text}. */
    public boolean awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        return Conditions.within(timeout, () -> output().contains(text));
    }

    /** Kills the process the hard way (SIGKILL, as a power cut or kill -9) and waits for it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
