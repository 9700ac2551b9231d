package io.fums.deploy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the steps of a swap. Crash tests stop the DCU (kill -9) at
 * each step: with the framework property {@code fums.deploy.test.pauseAt} set
 * to a step's name, the swap writes {@code <data>/deploy/paused} and waits
 * there forever, so that the test can kill the process at exactly that point.
 * The property is unset in production; nothing else changes behaviour.
 */
final class SwapSteps {

    static final String PAUSE_PROPERTY = "fums.deploy.test.pauseAt";
    private static final Logger LOG = LoggerFactory.getLogger(SwapSteps.class);

    private final String pauseAt;
    private final DeployPaths paths;

    SwapSteps(String pauseAt, DeployPaths paths) {
        this.pauseAt = pauseAt == null || pauseAt.isBlank() ? null : pauseAt.trim().toLowerCase(Locale.ROOT);
        this.paths = paths;
    }

    /** Called when a step is done (and journalled). */
    void reached(SwapStep step) {
        if (pauseAt == null || !pauseAt.equals(step.id())) {
            return;
        }
        LOG.warn("test hook {}={}: swap paused", PAUSE_PROPERTY, pauseAt);
        try {
            Files.writeString(paths.pausedMarker(), step.id());
            while (true) {
                Thread.sleep(60_000);
            }
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("paused swap interrupted", e);
        }
    }
}
