package io.fums.link.serial;

import io.fums.testsupport.Conditions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A virtual null-modem cable: two linked ptys made by socat, closed by {@link #close()}. */
public final class SocatPair implements AutoCloseable {

    public final Path a;
    public final Path b;
    private final Process process;

    private SocatPair(Path a, Path b, Process process) {
        this.a = a;
        this.b = b;
        this.process = process;
    }

    /** Whether socat can be run here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts socat with symlinks {@code name}-a and {@code name}-b in {@code dir}; waits until both exist. */
    public static SocatPair start(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path a = dir.resolve(name + "-a");
        Path b = dir.resolve(name + "-b");
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
        Process p = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), name + ".log")).start();
        if (!Conditions.within(Duration.ofSeconds(5), () -> Files.exists(a) && Files.exists(b) || !p.isAlive())
                || !p.isAlive()) {
            p.destroy();
            throw new IOException("socat did not create " + a + " and " + b);
        }
        return new SocatPair(a, b, p);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
