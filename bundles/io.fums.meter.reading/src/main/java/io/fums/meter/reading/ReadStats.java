package io.fums.meter.reading;

import java.time.Instant;

/**
 * How a meter's periodic reads went since it entered the inventory (kept
 * across DCU restarts). Every scheduled read ends either done or missed; a
 * read under way is neither yet, so {@code scheduled - done - missed} is 0
 * or 1.
 *
 * @param meterId    the meter's id in the inventory
 * @param scheduled  periodic reads scheduled
 * @param done       reads that completed within their period
 * @param missed     reads that failed, ended after their period, or could not start because
 *                   the link was still busy with the previous period's reads
 * @param lastReadAt when the last successful read (periodic or on demand) completed; null if never
 * @param itemsMissing values that periodic reads counted as done lacked: each object the meter could not
 *                   serve (its value in the {@link Reading} is {@code "error: <data-access-result>"})
 *                   counts once per read; the rest of the read counts as done
 * @since 1.1
 */
public record ReadStats(String meterId, long scheduled, long done, long missed, Instant lastReadAt, long itemsMissing) {

    /** Statistics without missing items. */
    public ReadStats(String meterId, long scheduled, long done, long missed, Instant lastReadAt) {
        this(meterId, scheduled, done, missed, lastReadAt, 0);
    }
}
