package io.fums.features.dcu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A LazyFS mount (tools/lazyfs, issue 16): a FUSE file system that keeps every
 * write in memory until it is fsynced and, on {@link #powerCut()}, drops all
 * of it, as a power cut drops what a disk never got. The binary is found in
 * the system property {@code fums.lazyfs}, else the environment variable
 * {@code FUMS_LAZYFS} (.ci/run builds it in the checkout's tools/lazyfs/build), else
 * {@code /opt/lazyfs/lazyfs/lazyfs}; the control script is
 * {@code tools/lazyfs/lazyfs.sh} of this repository.
 */
final class LazyFs implements AutoCloseable {

    static final String DEFAULT_BINARY = "/opt/lazyfs/lazyfs/lazyfs";
    private static final long COMMAND_SECONDS = 90;

    private final Path mountPoint;
    private final Map<String, String> env;
    private final Path script;
    private boolean mounted = true;
    private Thread exitHook;

    private final Path disk;
    private final String cacheSize;

    private LazyFs(Path disk, Path mountPoint, String cacheSize, Map<String, String> env, Path script) {
        this.disk = disk;
        this.mountPoint = mountPoint;
        this.cacheSize = cacheSize;
        this.env = env;
        this.script = script;
    }

    /** The lazyfs binary this run uses (it may not exist). */
    static Path binary() {
        String p = System.getProperty("fums.lazyfs", System.getenv("FUMS_LAZYFS"));
        return Path.of(p == null || p.isBlank() ? DEFAULT_BINARY : p);
    }

    /** tools/lazyfs/lazyfs.sh of this repository, searched from the working directory up. */
    static Optional<Path> script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("tools/lazyfs/lazyfs.sh");
            if (Files.isRegularFile(s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Why power cuts cannot run here, or empty if the binary, the script and FUSE are there. */
    static Optional<String> unavailable() {
        Path bin = binary();
        if (!Files.isExecutable(bin)) {
            return Optional.of("no LazyFS binary at " + bin + " (build it with tools/lazyfs/build.sh /opt/lazyfs, or build it"
                    + " elsewhere and set FUMS_LAZYFS / -Dfums.lazyfs, as .ci/run does)");
        }
        if (script().isEmpty()) {
            return Optional.of("tools/lazyfs/lazyfs.sh not found above " + Path.of("").toAbsolutePath());
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return Optional.of("FUSE is unavailable here: no /dev/fuse");
        }
        return Optional.empty();
    }

    /**
     * Mounts {@code disk} (what the "disk" really holds) on {@code mountPoint} through LazyFS, with its state
     * (config, FIFO, log) in {@code state}; the cache (allocated up front) is {@code cacheSize}, e.g. {@code 128mb}.
     *
     * @throws IOException with the script's output if the mount fails
     */
    static LazyFs mount(Path disk, Path mountPoint, Path state, String cacheSize) throws IOException, InterruptedException {
        Files.createDirectories(disk);
        Files.createDirectories(mountPoint);
        Files.createDirectories(state);
        if (state.toString().toLowerCase(java.util.Locale.ROOT).contains("-o")) {
            throw new IOException("the LazyFS state path must not contain '-o' (lazyfs then ignores its config): " + state);
        }
        Path script = script().orElseThrow(() -> new IOException("tools/lazyfs/lazyfs.sh not found"));
        Map<String, String> env = Map.of("LAZYFS", binary().toString(), "LAZYFS_STATE", state.toString());
        LazyFs fs = new LazyFs(disk.toAbsolutePath(), mountPoint.toAbsolutePath(), cacheSize, env, script);
        fs.run("mount", fs.disk.toString(), fs.mountPoint.toString(), cacheSize);
        fs.unmountAtExit();
        return fs;
    }

    /**
     * A stopped run leaves no mount behind: a shutdown hook detaches it (lazily: a DCU being reaped may still hold
     * it), and is withdrawn by {@link #close()}.
     */
    private void unmountAtExit() {
        Thread hook = new Thread(() -> {
            try {
                new ProcessBuilder("fusermount3", "-u", "-z", mountPoint.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                System.err.println("cannot unmount " + mountPoint + ": " + e);
            }
        }, "lazyfs-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        exitHook = hook;
    }

    Path mountPoint() {
        return mountPoint;
    }

    /**
     * Drops every write not fsynced (lazyfs::clear-cache) and waits until it is done. Kill every process writing
     * to the mount first: a process that runs through a cut sees zeros where data was dropped.
     */
    void powerCut() throws IOException, InterruptedException {
        run("power-cut", mountPoint.toString());
        // A real power cut also clears the kernel's caches (page cache, attributes) of the file system; here they
        // outlive lazyfs's own cache and then disagree with it (seen: SQLite's first open of the -shm file after a
        // cut failed with SQLITE_IOERR_SHMOPEN). Unmount and mount again: the "reboot" starts from the disk alone.
        run("umount", mountPoint.toString());
        run("mount", disk.toString(), mountPoint.toString(), cacheSize);
    }

    /** Unmounts; what was not fsynced is lost, as at a power cut. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            mounted = false;
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
            run("umount", mountPoint.toString());
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the script ends (lazyfs itself writes to its log)
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("lazyfs.sh " + String.join(" ", args) + ": no answer in " + COMMAND_SECONDS + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("lazyfs.sh " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): " + text.strip());
        }
        return text;
    }
}
