package io.fums.deploy;

import java.time.Instant;

/**
 * One swap of the history.
 *
 * @param txId      the swap's id
 * @param started   when it started
 * @param ended     when it ended
 * @param feature   the feature ({@code *} for a rollback to the previous set)
 * @param from      version before ({@code -}: not installed)
 * @param to        version to install
 * @param outcome   how it ended
 * @param code      the error code name for a rollback, else null
 * @param message   the explanation
 */
public record SwapRecord(String txId, Instant started, Instant ended, String feature, String from, String to,
                         SwapOutcome outcome, String code, String message) {
}
