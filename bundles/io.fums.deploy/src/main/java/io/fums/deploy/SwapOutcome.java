package io.fums.deploy;

/** How a swap ended. */
public enum SwapOutcome {
    /** The new set runs and is committed. */
    COMMITTED,
    /** The new set failed (see the reason); the previous set runs again. */
    ROLLED_BACK,
    /** The swap was interrupted by a DCU restart; the committed set was restored at start-up. */
    INTERRUPTED
}
