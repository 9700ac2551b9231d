package io.fums.deploy.internal;

import java.util.Locale;

/** The steps of a swap, as journalled. */
enum SwapStep {
    JOURNALED, STOPPED, UPDATED, REFRESHED, STARTED, HEALTHY;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
