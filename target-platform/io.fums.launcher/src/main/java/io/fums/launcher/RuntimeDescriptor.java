package io.fums.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's bundle list with start levels: the feature descriptor
 * ({@code features/dcu/src/main/feature/runtime.feature}, shipped as
 * {@code bundles/runtime.feature}).
 *
 * <p>One bundle per line: {@code <start level> <groupId>:<artifactId>};
 * blank lines and {@code #} comments are ignored. The bundle's file is
 * {@code <artifactId>.jar} in the distribution's {@code bundles/} folder.
 */
public final class RuntimeDescriptor {

    /** One bundle of the runtime. */
    public static final class Entry {
        private final int startLevel;
        private final String groupId;
        private final String artifactId;

        Entry(int startLevel, String groupId, String artifactId) {
            this.startLevel = startLevel;
            this.groupId = groupId;
            this.artifactId = artifactId;
        }

        public int startLevel() {
            return startLevel;
        }

        public String groupId() {
            return groupId;
        }

        public String artifactId() {
            return artifactId;
        }

        /** The bundle's file name in the distribution's bundles folder. */
        public String fileName() {
            return artifactId + ".jar";
        }

        @Override
        public String toString() {
            return startLevel + " " + groupId + ":" + artifactId;
        }
    }

    static final int MAX_START_LEVEL = 99;
    private static final Pattern LINE = Pattern.compile("(\\d{1,2})\\s+([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)");

    private final List<Entry> entries;

    private RuntimeDescriptor(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads and validates a descriptor file. */
    public static RuntimeDescriptor read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses descriptor lines.
     *
     * @param source the file name used in error messages
     * @throws IllegalArgumentException naming {@code source:line} and the problem
     */
    public static RuntimeDescriptor parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            String where = source + ":" + (i + 1) + ": ";
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "expected '<start level> <groupId>:<artifactId>', found '" + line + "'");
            }
            int level = Integer.parseInt(m.group(1));
            if (level < 1 || level > MAX_START_LEVEL) {
                throw new IllegalArgumentException(where + "start level " + level + " is outside 1.." + MAX_START_LEVEL);
            }
            if (!seen.add(m.group(3))) {
                throw new IllegalArgumentException(where + "bundle " + m.group(3) + " is listed twice");
            }
            entries.add(new Entry(level, m.group(2), m.group(3)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(source + ": lists no bundle");
        }
        return new RuntimeDescriptor(entries);
    }

    /** The bundles in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The highest start level of any bundle: the framework's target start level. */
    public int maxStartLevel() {
        return entries.stream().mapToInt(Entry::startLevel).max().orElse(1);
    }
}
