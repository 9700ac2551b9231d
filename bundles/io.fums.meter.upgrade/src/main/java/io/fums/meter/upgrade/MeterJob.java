package io.fums.meter.upgrade;

import java.time.Instant;

/**
 * One meter's upgrade in one campaign, as journalled.
 *
 * @param campaignId   the campaign
 * @param meterId      the meter
 * @param state        its state
 * @param errorCode    the {@link io.fums.api.error.ErrorCode} name once FAILED or REVERTED, else null
 * @param message      the last transition's explanation
 * @param nextBlock    the first image block not yet confirmed by the meter (resume point)
 * @param attempts     how many times the current step was tried
 * @param updated      when the state last changed
 */
public record MeterJob(String campaignId, String meterId, UpgradeState state, String errorCode, String message,
                       long nextBlock, int attempts, Instant updated) {
}
