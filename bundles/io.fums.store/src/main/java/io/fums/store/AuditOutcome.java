package io.fums.store;

/** How an audited action ended. */
public enum AuditOutcome {
    /** The action was done. */
    OK,
    /** The action was refused: bad input, failed authentication, policy. */
    REFUSED,
    /** The action was attempted and failed. */
    FAILED
}
