package io.fums.deploy;

import io.fums.api.error.ErrorCode;
import java.util.Objects;

/**
 * The outcome of one swap.
 *
 * @param txId           the swap's id (also in the history and the audit log)
 * @param outcome        committed or rolled back
 * @param feature        the feature swapped ({@code *} for a rollback to the previous set)
 * @param fromVersion    the feature's version before, or {@code -} if it was not installed
 * @param toVersion      the version that was to be installed
 * @param generation     the committed set's generation after the swap
 * @param code           why it rolled back; null when committed
 * @param message        a one-line explanation for people
 * @param durationMillis from the package's verification to the commit or the end of the rollback
 */
public record SwapResult(String txId, SwapOutcome outcome, String feature, String fromVersion, String toVersion,
                         long generation, ErrorCode code, String message, long durationMillis) {

    public SwapResult {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public boolean committed() {
        return outcome == SwapOutcome.COMMITTED;
    }
}
