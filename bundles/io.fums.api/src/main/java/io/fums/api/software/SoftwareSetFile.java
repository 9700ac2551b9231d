package io.fums.api.software;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes a {@link SoftwareSet} as a text file, one record per line:
 * <pre>
 * # comment
 * generation 7
 * committed 2026-11-24T03:00:00Z
 * feature &lt;name&gt; &lt;version&gt;
 * bundle &lt;feature&gt; &lt;symbolic name&gt; &lt;version&gt; &lt;start level&gt; start|stop &lt;sha256&gt;
 * </pre>
 * Writes are atomic and durable: the text goes to a temporary file in the
 * same folder, which is forced to disk and renamed over the old file, and the
 * folder is forced too. A reader sees the old set or the new one, never a
 * mixture, also after a power cut.
 */
public final class SoftwareSetFile {

    private SoftwareSetFile() {
    }

    /**
     * Reads a set file.
     *
     * @return the set, or empty if the file does not exist
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the file and line if it is malformed
     */
    public static Optional<SoftwareSet> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString()));
    }

    /** Parses set lines; {@code source} names them in error messages. */
    public static SoftwareSet parse(List<String> lines, String source) {
        long generation = -1;
        Instant committed = null;
        List<SoftwareSet.Feature> features = new ArrayList<>();
        List<SoftwareSet.SetBundle> bundles = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = source + ":" + (i + 1) + ": ";
            try {
                switch (f[0]) {
                    case "generation":
                        expect(f, 2, where);
                        generation = Long.parseLong(f[1]);
                        break;
                    case "committed":
                        expect(f, 2, where);
                        committed = Instant.parse(f[1]);
                        break;
                    case "feature":
                        expect(f, 3, where);
                        features.add(new SoftwareSet.Feature(f[1], f[2]));
                        break;
                    case "bundle":
                        expect(f, 7, where);
                        if (!f[5].equals("start") && !f[5].equals("stop")) {
                            throw new IllegalArgumentException("start state must be 'start' or 'stop', found '" + f[5] + "'");
                        }
                        bundles.add(new SoftwareSet.SetBundle(f[1], f[2], f[3], Integer.parseInt(f[4]), f[5].equals("start"), f[6]));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown record '" + f[0] + "'");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException(where + "bad number or time: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(source + ":") ? e : new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (generation < 0 || committed == null) {
            throw new IllegalArgumentException(source + ": 'generation' and 'committed' records are required");
        }
        try {
            return new SoftwareSet(generation, committed, features, bundles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static void expect(String[] fields, int n, String where) {
        if (fields.length != n) {
            throw new IllegalArgumentException(where + "'" + fields[0] + "' takes " + (n - 1) + " value(s), found " + (fields.length - 1));
        }
    }

    /** The text form of a set. */
    public static String format(SoftwareSet set) {
        StringBuilder b = new StringBuilder("# FUMS-DCU software set (written by the DCU; do not edit)\n");
        b.append("generation ").append(set.generation()).append('\n');
        b.append("committed ").append(set.committed()).append('\n');
        for (SoftwareSet.Feature f : set.features()) {
            b.append("feature ").append(f.name()).append(' ').append(f.version()).append('\n');
        }
        for (SoftwareSet.SetBundle x : set.bundles()) {
            b.append("bundle ").append(x.feature()).append(' ').append(x.symbolicName()).append(' ').append(x.version())
                    .append(' ').append(x.startLevel()).append(' ').append(x.started() ? "start" : "stop")
                    .append(' ').append(x.sha256()).append('\n');
        }
        return b.toString();
    }

    /** Writes a set atomically and durably (see the class). */
    public static void write(Path file, SoftwareSet set) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Writer w = java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            w.write(format(set));
            w.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /**
     * Creates a folder and any missing parent, durably: each new folder's entry is fsynced in its parent (a power
     * cut after a folder was made and a file written into it must not leave the file unreachable).
     *
     * @since 1.1
     */
    public static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
            forceDirectory(p.getParent());
        }
    }

    /** Fsyncs a folder: the entries created, renamed or removed in it are on the disk. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException e) {
            // A platform that cannot open folders (not Linux): the rename is still atomic.
        }
    }
}
