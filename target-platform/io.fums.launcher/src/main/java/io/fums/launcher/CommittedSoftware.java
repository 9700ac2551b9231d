package io.fums.launcher;

import io.fums.api.software.SoftwareSet;
import io.fums.api.software.SoftwareSetFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Chooses the software set to run at start-up: the committed set of
 * {@code <data>/deploy}, else the previous committed set, else the base
 * runtime alone. A set is usable only if its file parses and every bundle jar
 * it names is present in {@code <data>/deploy/bundles/<sha256>.jar} with that
 * exact SHA-256: a damaged set is never half-installed.
 *
 * <p>The framework cache plays no part: whatever a crash left there is
 * discarded, and the chosen set is installed into a clean framework.
 */
final class CommittedSoftware {

    private static final Logger LOG = Logger.getLogger("io.fums.launcher");
    static final String COMMITTED = "committed.set";
    static final String PREVIOUS = "previous.set";

    private final Path deployDir;

    CommittedSoftware(Path dataDir) {
        this.deployDir = dataDir.resolve("deploy");
    }

    Path jar(SoftwareSet.SetBundle b) {
        return deployDir.resolve("bundles").resolve(b.sha256() + ".jar");
    }

    /** The set to install: committed, else previous, else the empty set (base runtime only). */
    SoftwareSet choose() {
        for (String name : new String[] {COMMITTED, PREVIOUS}) {
            Optional<SoftwareSet> set = usable(deployDir.resolve(name));
            if (set.isPresent()) {
                if (name.equals(PREVIOUS)) {
                    LOG.severe("the committed software set is unusable: running the previous set, generation "
                            + set.get().generation());
                }
                return set.get();
            }
        }
        return SoftwareSet.empty();
    }

    private Optional<SoftwareSet> usable(Path file) {
        Optional<SoftwareSet> set;
        try {
            set = SoftwareSetFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            LOG.severe("software set " + file + " cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        if (set.isEmpty()) {
            return set;
        }
        for (SoftwareSet.SetBundle b : set.get().bundles()) {
            String problem = checkJar(b);
            if (problem != null) {
                LOG.severe("software set " + file + " is unusable: " + problem);
                return Optional.empty();
            }
        }
        return set;
    }

    private String checkJar(SoftwareSet.SetBundle b) {
        Path jar = jar(b);
        if (!Files.isRegularFile(jar)) {
            return "bundle " + b + ": " + jar + " is missing";
        }
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            return actual.equals(b.sha256()) ? null : "bundle " + b + ": " + jar + " has SHA-256 " + actual;
        } catch (IOException | NoSuchAlgorithmException e) {
            return "bundle " + b + ": " + jar + " cannot be read: " + e.getMessage();
        }
    }
}
