package io.fums.meter.upgrade;

import java.time.Instant;

/**
 * A journalled state change of one meter (SM-5, UMS-3, UC-3, UC-4).
 *
 * @param campaignId the campaign
 * @param meterId    the meter
 * @param from       state before
 * @param to         state after
 * @param at         when it was recorded (durably, before the agent acted on it)
 * @param errorCode  the error code for a move to FAILED, else null
 * @param detail     what happened, for people
 */
public record Transition(String campaignId, String meterId, UpgradeState from, UpgradeState to, Instant at,
                         String errorCode, String detail) {
}
