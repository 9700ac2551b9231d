package io.fums.deploy.internal;

import io.fums.api.software.SoftwareSetFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The swap journal, {@code <data>/deploy/journal.properties}: the intent of
 * the swap in progress and the last step it completed, written durably before
 * each step's effects are relied on. At start-up a journal that is still
 * there tells of a swap cut short by a crash: the committed set is already
 * back (the launcher installed it), and the configurations the swap created
 * are removed.
 */
final class SwapJournal {

    /** One journalled swap. */
    record Entry(String txId, String feature, String from, String to, long startedMillis, String step,
                 List<String> createdConfigs) {
    }

    private final Path file;

    SwapJournal(Path file) {
        this.file = file;
    }

    void write(Entry e) throws IOException {
        Properties p = new Properties();
        p.setProperty("txId", e.txId());
        p.setProperty("feature", e.feature());
        p.setProperty("from", e.from());
        p.setProperty("to", e.to());
        p.setProperty("started", Long.toString(e.startedMillis()));
        p.setProperty("step", e.step());
        p.setProperty("createdConfigs", String.join(",", e.createdConfigs()));
        SoftwareSetFile.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            p.store(out, "FUMS-DCU swap in progress");
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        SoftwareSetFile.forceDirectory(file.getParent());
    }

    Optional<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String created = p.getProperty("createdConfigs", "");
        List<String> configs = created.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(created.split(",")));
        long started;
        try {
            started = Long.parseLong(p.getProperty("started", "0"));
        } catch (NumberFormatException e) {
            started = 0;
        }
        return Optional.of(new Entry(p.getProperty("txId", "?"), p.getProperty("feature", "?"), p.getProperty("from", "-"),
                p.getProperty("to", "-"), started, p.getProperty("step", "?"), configs));
    }

    void clear() throws IOException {
        if (Files.deleteIfExists(file)) {
            SoftwareSetFile.forceDirectory(file.getParent());
        }
    }
}
