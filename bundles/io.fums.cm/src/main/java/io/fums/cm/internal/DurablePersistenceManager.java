package io.fums.cm.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Dictionary;
import java.util.List;
import java.util.stream.Stream;
import org.apache.felix.cm.PersistenceManager;
import org.apache.felix.cm.file.FilePersistenceManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Felix's file persistence for Configuration Admin, made durable. Felix's
 * {@link FilePersistenceManager} writes a configuration to a temporary file
 * and renames it, without any fsync: after a power cut the files are empty
 * and the configuration is gone (found by the power-cut soak, issue 16).
 * Here every store and delete is followed by an fsync of every
 * configuration file and folder under the store's location, so a
 * configuration Configuration Admin has stored is on the disk before it goes
 * on. A DCU holds tens of configurations, and they change rarely (a swap, an
 * operator's change), so syncing them all costs milliseconds.
 *
 * <p>A DS component under the name the launcher gives Configuration Admin
 * ({@code felix.cm.pm=fums-durable}), on the launcher's store folder
 * ({@code felix.cm.dir}). It needs no configuration itself (Configuration
 * Admin waits for it): SCR activates it without one.
 */
@Component(service = PersistenceManager.class, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {"name=" + DurablePersistenceManager.NAME,
            "service.description=Configuration Admin's file store, fsynced (FUMS-DCU)"})
public final class DurablePersistenceManager extends FilePersistenceManager {

    /** The service property {@code name} Configuration Admin is told to wait for ({@code felix.cm.pm}). */
    static final String NAME = "fums-durable";

    /** The component, on {@code felix.cm.dir} (the launcher sets it to {@code <data>/config}). */
    @Activate
    public DurablePersistenceManager(BundleContext context) {
        this(context, location(context));
    }

    DurablePersistenceManager(BundleContext context, String location) {
        super(context, location);
    }

    private static String location(BundleContext context) {
        String dir = context.getProperty("felix.cm.dir");
        return dir != null && !dir.isBlank() ? dir : new java.io.File("config").getAbsolutePath();
    }

    @Override
    public void store(String pid, @SuppressWarnings("rawtypes") Dictionary properties) throws IOException {
        super.store(pid, properties);
        sync();
    }

    @Override
    public void delete(String pid) {
        super.delete(pid);
        try {
            sync();
        } catch (IOException e) {
            // the delete itself succeeded; its folder entry is written by the next store's sync at the latest
        }
    }

    /** Fsyncs every file of the store, then every folder (deepest first), up to the location itself. */
    void sync() throws IOException {
        Path root = getLocation().toPath();
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.toList();
        }
        for (Path p : all) {
            if (Files.isRegularFile(p)) {
                force(p, StandardOpenOption.WRITE);
            }
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (Files.isDirectory(all.get(i))) {
                force(all.get(i), StandardOpenOption.READ);
            }
        }
        Path parent = root.toAbsolutePath().getParent();
        if (parent != null) {
            force(parent, StandardOpenOption.READ);
        }
    }

    private static void force(Path p, StandardOpenOption mode) throws IOException {
        try (FileChannel ch = FileChannel.open(p, mode)) {
            ch.force(true);
        } catch (java.nio.file.NoSuchFileException e) {
            // a temporary file renamed away meanwhile: nothing to sync
        } catch (UnsupportedOperationException e) {
            // a platform that cannot open folders (not Linux)
        }
    }
}
