package io.fums.deploy.internal;

import java.nio.file.Path;

/**
 * The deployer's files in {@code <data>/deploy}: the committed and previous
 * software sets (read by the launcher), the swap journal, and the bundle
 * jars by SHA-256.
 */
record DeployPaths(Path root) {

    static DeployPaths in(Path dataDir) {
        return new DeployPaths(dataDir.resolve("deploy"));
    }

    Path committed() {
        return root.resolve("committed.set");
    }

    Path previous() {
        return root.resolve("previous.set");
    }

    Path journal() {
        return root.resolve("journal.properties");
    }

    Path bundles() {
        return root.resolve("bundles");
    }

    Path bundleJar(String sha256) {
        return bundles().resolve(sha256 + ".jar");
    }

    /** Where a paused swap says at which step it waits (test hook, see {@link SwapSteps}). */
    Path pausedMarker() {
        return root.resolve("paused");
    }
}
