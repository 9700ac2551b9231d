package io.fums.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for tests that fill a disk (issue 16): a tmpfs of a few MiB mounted on a folder, so
 * that writes fail with the operating system's own "no space left on device". Mounting needs root (or
 * CAP_SYS_ADMIN); {@link #mount} says why it cannot, and the test skips with that reason. CI runs as root.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /**
     * Mounts a tmpfs of {@code size} (tmpfs syntax: "6m", "200k") on {@code dir}, created if needed.
     *
     * @throws Unavailable why it cannot (not root, mount refused)
     */
    public static SmallDisk mount(Path dir, String size) throws Unavailable, IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new Unavailable("mounting a tmpfs needs root (user " + System.getProperty("user.name") + ")");
        }
        Files.createDirectories(dir);
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString()));
        if (out != null) {
            throw new Unavailable("mount -t tmpfs failed: " + out);
        }
        return new SmallDisk(dir);
    }

    /** The mounted folder. */
    public Path dir() {
        return dir;
    }

    /** Writes {@code file} on this disk until the file system has no space left; returns the bytes written. */
    public long fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        long written = 0;
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left on device")) {
                throw e;
            }
        }
        return written;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run(List.of("umount", dir.toString()));
        if (out != null) {
            throw new IOException("umount " + dir + " failed: " + out);
        }
    }

    /** Runs a command; null if it exits 0, else its output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not end within 30 s";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
    }

    /** No small disk here, and why. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String why) {
            super(why);
        }
    }
}
