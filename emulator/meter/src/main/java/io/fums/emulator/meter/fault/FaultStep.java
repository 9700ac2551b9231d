package io.fums.emulator.meter.fault;

/** The upgrade steps at which a power cut can be injected. */
public enum FaultStep {
    /** While image blocks are received. */
    TRANSFER,
    /** While the image is verified (status 2). */
    VERIFY,
    /** While the image is activated, before the switch to the new bank (status 5). */
    ACTIVATION,
    /** While the new firmware runs its self-check (status 5, new bank running). */
    SELF_CHECK
}
