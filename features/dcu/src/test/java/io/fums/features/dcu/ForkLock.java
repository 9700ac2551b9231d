package io.fums.features.dcu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A readers-writer lock across the end-to-end test forks (failsafe runs them
 * in two JVMs): every test class holds the lock file shared while it runs, a
 * {@link RunsAlone} class holds it exclusively, so it waits for the other
 * fork's class to end and the other fork waits for it. The lock is an
 * fcntl lock on {@code fums.test.lockFile}, released by the kernel if a fork
 * dies; without that property (one fork) nothing is locked. Registered for
 * every class by JUnit's extension auto-detection (META-INF/services).
 */
public final class ForkLock implements BeforeAllCallback, AfterAllCallback {

    /** System property: the lock file the forks share. */
    public static final String FILE_PROPERTY = "fums.test.lockFile";

    private static final Namespace NS = Namespace.create(ForkLock.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank() || context.getRequiredTestClass().getEnclosingClass() != null) {
            return;
        }
        boolean alone = context.getRequiredTestClass().isAnnotationPresent(RunsAlone.class);
        FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            FileLock lock = channel.lock(0, Long.MAX_VALUE, !alone); // blocks until granted
            context.getStore(NS).put("lock", lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        FileLock lock = context.getStore(NS).remove("lock", FileLock.class);
        if (lock != null) {
            try (FileChannel channel = lock.channel()) {
                lock.release();
            }
        }
    }
}
