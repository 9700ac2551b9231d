package io.fums.meter.upgrade;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of one meter in one campaign. Transitions follow the image
 * transfer process of the Blue Book (class 18) and are the only ones
 * {@link #canMoveTo} allows; a step that is retried (a block range resent
 * after a link break) stays in its state.
 */
public enum UpgradeState {
    /** Selected by the campaign; nothing sent to the meter yet. */
    PENDING,
    /** Compatibility checked and image_transfer_initiate accepted (SM-10, UC-1). */
    INITIATED,
    /** Image blocks are being sent; resumes from the first block not transferred (UC-2). */
    TRANSFERRING,
    /** The meter confirmed the complete image (SM-3). */
    TRANSFERRED,
    /** image_verify invoked; waiting for the result (SM-4, SM-11). */
    VERIFYING,
    /** The meter verified the image (UC-3). */
    VERIFIED,
    /** The activation time is written into the meter's activation schedule (SM-9). */
    ACTIVATION_SCHEDULED,
    /** image_activate invoked or the scheduled time reached. */
    ACTIVATING,
    /** Activated; reading back firmware identifier, transfer status and self-check (UC-5). */
    SELF_TEST,
    /** Runs the new version; final. */
    SUCCEEDED,
    /** Failed with an error code; the meter's image is being confirmed. */
    FAILED,
    /** Failed, and the meter is confirmed on its previous image (UC-6, SM-2); final. */
    REVERTED,
    /** Cancelled before activation; the pending image was discarded; final. */
    CANCELLED;

    private static final Set<UpgradeState> BEFORE_ACTIVATION =
            EnumSet.of(PENDING, INITIATED, TRANSFERRING, TRANSFERRED, VERIFYING, VERIFIED, ACTIVATION_SCHEDULED);

    /** True for SUCCEEDED, REVERTED and CANCELLED. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == REVERTED || this == CANCELLED;
    }

    /** True while the meter has not been told to activate (a cancel discards its pending image). */
    public boolean isBeforeActivation() {
        return BEFORE_ACTIVATION.contains(this);
    }

    /** Whether the state machine allows {@code next} after this state. */
    public boolean canMoveTo(UpgradeState next) {
        if (isFinal()) {
            return false;
        }
        if (next == FAILED) {
            return this != FAILED;
        }
        if (next == CANCELLED) {
            return isBeforeActivation();
        }
        switch (this) {
            case PENDING: return next == INITIATED;
            case INITIATED: return next == TRANSFERRING;
            case TRANSFERRING: return next == TRANSFERRED;
            case TRANSFERRED: return next == VERIFYING;
            case VERIFYING: return next == VERIFIED;
            case VERIFIED: return next == ACTIVATION_SCHEDULED || next == ACTIVATING;
            case ACTIVATION_SCHEDULED: return next == ACTIVATING;
            case ACTIVATING: return next == SELF_TEST;
            case SELF_TEST: return next == SUCCEEDED;
            case FAILED: return next == REVERTED;
            default: return false;
        }
    }
}
