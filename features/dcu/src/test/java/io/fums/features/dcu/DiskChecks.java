package io.fums.features.dcu;

import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a DCU's data folder must hold after a power cut, read with the DCU
 * stopped (issue 16): every SQLite database opens and passes
 * {@code PRAGMA integrity_check} (sqlite-jdbc, as the DCU opens them); the
 * image store ({@code images/sha256/ab/<sha256>}) and the staged bundles
 * ({@code deploy/bundles/<sha256>.jar}) hold only complete files whose
 * SHA-256 is their name; the committed software set file parses.
 */
final class DiskChecks {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private DiskChecks() {
    }

    /** The names of the SQLite databases it checked; violations go to {@code violations}, prefixed with {@code when}. */
    static List<String> databases(Path data, String when, List<String> violations) throws IOException {
        List<String> checked = new ArrayList<>();
        List<Path> dbs;
        try (Stream<Path> s = Files.walk(data)) {
            dbs = s.filter(p -> p.getFileName().toString().endsWith(".db") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path db : dbs) {
            checked.add(data.relativize(db).toString());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                List<String> problems = new ArrayList<>();
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
                if (!problems.equals(List.of("ok"))) {
                    violations.add(when + ": " + data.relativize(db) + " fails integrity_check: " + problems);
                }
            } catch (SQLException e) {
                violations.add(when + ": " + data.relativize(db) + " does not open: " + e.getMessage());
            }
        }
        return checked;
    }

    /** Checks every image and staged bundle against its name; returns how many files it hashed. */
    static int images(Path data, String when, List<String> violations) throws IOException {
        int n = 0;
        Path images = data.resolve("images/sha256");
        if (Files.isDirectory(images)) {
            try (Stream<Path> s = Files.walk(images)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(".put-") && name.endsWith(".tmp")) {
                        continue; // an unfinished put: the store deletes it when it opens
                    }
                    n++;
                    hashIsName(f, name, when, violations);
                }
            }
        }
        Path bundles = data.resolve("deploy/bundles");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> s = Files.list(bundles)) {
                for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                    n++;
                    String name = f.getFileName().toString();
                    hashIsName(f, name.substring(0, name.length() - ".jar".length()), when, violations);
                }
            }
        }
        return n;
    }

    /**
     * How many of Configuration Admin's files ({@code config/**}{@code /*.config}) the cut left empty: Felix's own
     * file persistence renames a temporary file without fsync; the DCU's io.fums.cm fsyncs them (issue 16).
     */
    static int emptiedConfigurations(Path data) throws IOException {
        Path config = data.resolve("config");
        if (!Files.isDirectory(config)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(config)) {
            int n = 0;
            for (Path f : s.filter(p -> p.toString().endsWith(".config") && Files.isRegularFile(p)).toList()) {
                n += Files.size(f) == 0 ? 1 : 0;
            }
            return n;
        }
    }

    /** The committed software set file, or null if there is none; a malformed one is a violation. */
    static SoftwareSet committedSet(Path data, String when, List<String> violations) {
        Path f = data.resolve("deploy/committed.set");
        try {
            return SoftwareSetFile.read(f).orElse(null);
        } catch (IOException | IllegalArgumentException e) {
            violations.add(when + ": the committed software set " + f + " is unreadable: " + e.getMessage());
            return null;
        }
    }

    private static void hashIsName(Path f, String name, String when, List<String> violations) throws IOException {
        if (!SHA256.matcher(name).matches()) {
            violations.add(when + ": " + f + " in the image store is not named by a SHA-256");
            return;
        }
        String hash = sha256(f);
        if (!hash.equals(name)) {
            violations.add(when + ": " + f + " (" + Files.size(f) + " octets) hashes to " + hash + ", not its name");
        }
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
