package io.fums.meter.upgrade;

/**
 * The life of a campaign. Only {@link #RUNNING} campaigns touch meters; a
 * DCU restart continues every campaign that was RUNNING from its journal.
 */
public enum CampaignState {
    /** Created and checked; nothing sent to any meter yet. */
    CREATED,
    /** Meters are being upgraded (or wait for the scheduled activation). */
    RUNNING,
    /** Stopped by the operator or by the error threshold; meters keep their journalled state. */
    PAUSED,
    /** Every target meter reached a final state. */
    COMPLETED,
    /** Stopped for good; meters that had not activated discarded their pending image. */
    CANCELLED;

    /** True for COMPLETED and CANCELLED. */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
