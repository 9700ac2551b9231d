package io.fums.emulator.meter.model;

import io.fums.dlms.apdu.ActionResult;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.meter.fault.FaultStep;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageVerifier;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The timed upgrade steps of a meter, shared by image_verify,
 * image_activate and the activation schedule:
 *
 * <pre>
 * verify:   1|4 -> (incomplete: 4 at once, SM-3) -> 2 -> 3 | 4       (size, format, device type, SHA-256,
 *                                                                     vendor signature: SM-4, SM-11)
 * activate: 3 -> 5 (activation, then the new bank runs its self-check, UC-5) -> 6 | 7 (reverted, SM-2)
 * </pre>
 *
 * A step that takes time answers temporary-failure and finishes in
 * {@link #tick()}; with a zero duration it finishes at once and the method
 * answers success or other-reason. Guarded by the meter's lock.
 */
final class UpgradeSteps {

    private static final ActionOutcome OTHER_REASON = new ActionOutcome(ActionResult.OTHER_REASON, null);
    private static final ActionOutcome BUSY = new ActionOutcome(ActionResult.TEMPORARY_FAILURE, null);
    private static final ActionOutcome LOST = new ActionOutcome(ActionResult.HARDWARE_FAULT, null);
    private final Meter meter;

    UpgradeSteps(Meter meter) {
        this.meter = meter;
    }

    /** image_verify. */
    ActionOutcome verify() {
        MeterState s = meter.state;
        switch (s.status) {
            case 3:
                return ActionOutcome.success();
            case 2:
                return BUSY;
            case 1, 4:
                break;
            default:
                meter.event("verification refused: no image transferred (status " + s.status + ")");
                meter.save();
                return OTHER_REASON;
        }
        if (s.step != MeterState.Step.NONE) {
            return BUSY;
        }
        long first = ImageTransferObject.firstMissing(s);
        if (first < s.blockCount()) {
            s.status = 4;
            meter.event("verification failed: image incomplete, block " + first + " of " + s.blockCount()
                    + " missing");
            meter.save();
            return OTHER_REASON;
        }
        s.status = 2;
        startStep(MeterState.Step.VERIFYING, meter.spec.verifyMillis());
        meter.event("verification started");
        meter.save();
        if (meter.faults.powerCut(FaultStep.VERIFY)) {
            meter.powerCut("verification");
            return LOST;
        }
        if (meter.spec.verifyMillis() == 0) {
            finishVerification();
            return s.status == 3 ? ActionOutcome.success() : OTHER_REASON;
        }
        return BUSY;
    }

    /** image_activate, or the activation schedule ({@code trigger} says which). */
    ActionOutcome activate(String trigger) {
        MeterState s = meter.state;
        if (s.step != MeterState.Step.NONE) {
            return BUSY;
        }
        if (s.verified == null && s.status == 6) {
            return ActionOutcome.success();
        }
        if (s.verified == null && meter.spec.verifyOnActivate() && (s.status == 1 || s.status == 4)
                && ImageTransferObject.firstMissing(s) >= s.blockCount()) {
            s.status = 2;
            finishVerification();
        }
        if (s.verified == null) {
            meter.event("activation (" + trigger + ") refused: no verified image (status " + s.status + ")");
            meter.save();
            return OTHER_REASON;
        }
        if (meter.faults.refuseActivation()) {
            s.status = 7;
            s.upgradeFailures++;
            meter.event("activation (" + trigger + ") of " + s.verified.version + " refused by the meter");
            meter.save();
            return OTHER_REASON;
        }
        s.status = 5;
        if (isCore(s.verified)) {
            s.trialBank = 1 - s.activeBank;
            meter.event("activation (" + trigger + ") of " + s.verified.version + " into bank " + s.trialBank
                    + " started");
        } else {
            // another component: the core banks and every other component (the metrology's above all, MET-3)
            // stay as they are
            s.trialComponent = s.verified.component;
            meter.event("activation (" + trigger + ") of " + s.verified.component + " " + s.verified.version
                    + " started");
        }
        startStep(MeterState.Step.ACTIVATING, meter.spec.activateMillis());
        meter.save();
        if (meter.faults.powerCut(FaultStep.ACTIVATION)) {
            meter.powerCut("activation");
            return LOST;
        }
        tick();
        if (meter.state != s) {
            return LOST; // the power failed during the self-check
        }
        return switch (s.status) {
            case 6 -> ActionOutcome.success();
            case 7 -> OTHER_REASON;
            default -> BUSY;
        };
    }

    /** Finishes every step that is due, and runs a due activation schedule (SM-9). */
    void tick() {
        MeterState s = meter.state;
        while (s.step != MeterState.Step.NONE && meter.now() >= s.stepDue) {
            MeterState.Step done = s.step;
            switch (done) {
                case VERIFYING -> finishVerification();
                case ACTIVATING -> finishActivation();
                default -> finishSelfCheck();
            }
            s = meter.state; // a power cut reloads the state
        }
        if (s.activationAt != 0 && meter.meterNow() >= s.activationAt) {
            s.activationAt = 0;
            meter.event("scheduled activation due at " + Instant.ofEpochMilli(meter.meterNow()));
            if (s.step == MeterState.Step.NONE && s.verified != null) {
                activate("activation schedule");
            } else {
                meter.event("scheduled activation: nothing to activate (status " + s.status + ")");
                meter.save();
            }
        }
    }

    /** The time of the next step that is due, in the emulator's time; Long.MAX_VALUE when none. */
    long nextDue() {
        MeterState s = meter.state;
        long due = s.step == MeterState.Step.NONE ? Long.MAX_VALUE : s.stepDue;
        if (s.activationAt != 0) {
            due = Math.min(due, s.activationAt - s.clockOffsetMillis);
        }
        return due;
    }

    private void startStep(MeterState.Step step, long millis) {
        meter.state.step = step;
        meter.state.stepDue = meter.now() + millis;
    }

    private void finishVerification() {
        MeterState s = meter.state;
        ImageVerifier.Result r = meter.verifier.verify(meter.store.imageFile(), s.imageSize, meter.spec.deviceType());
        s.step = MeterState.Step.NONE;
        if (r.ok() && !r.header().core() && !s.components.containsKey(r.header().component())) {
            s.status = 4;
            meter.event("verification failed: the image is for the " + r.header().component()
                    + " component, which this meter does not have");
        } else if (r.ok()) {
            MeterState.Pending p = new MeterState.Pending();
            ImageHeader h = r.header();
            p.component = h.component();
            p.version = h.version();
            p.flags = h.flags();
            p.size = s.imageSize;
            p.identifier = s.imageIdentifier;
            p.sha256 = HexFormat.of().formatHex(r.sha256());
            s.verified = p;
            s.status = 3;
            meter.event("verification successful: version " + p.version + ", SHA-256 " + p.sha256);
        } else {
            s.status = 4;
            meter.event("verification failed: " + r.reason());
        }
        meter.save();
    }

    private static boolean isCore(MeterState.Pending p) {
        return p.component == null || ImageHeader.CORE.equals(p.component);
    }

    private void finishActivation() {
        MeterState s = meter.state;
        if (!isCore(s.verified)) {
            MeterState.Component c = s.components.get(s.verified.component);
            c.previousVersion = c.version;
            c.previousSha256 = c.sha256;
            c.version = s.verified.version;
            c.sha256 = s.verified.sha256;
            s.step = MeterState.Step.SELF_CHECK;
            s.stepDue = s.stepDue + meter.spec.selfCheckMillis();
            meter.event("running " + s.verified.component + " " + c.version + ": self-check");
            meter.save();
            if (meter.faults.powerCut(FaultStep.SELF_CHECK)) {
                meter.powerCut("self-check");
            }
            return;
        }
        MeterState.Bank b = s.banks[s.trialBank];
        b.version = s.verified.version;
        b.sha256 = s.verified.sha256;
        b.size = s.verified.size;
        b.condition = "trial";
        // the self-check starts when the activation ended, however late the tick that notices it
        s.step = MeterState.Step.SELF_CHECK;
        s.stepDue = s.stepDue + meter.spec.selfCheckMillis();
        meter.event("running " + b.version + " from bank " + s.trialBank + ": self-check");
        meter.save();
        if (meter.faults.powerCut(FaultStep.SELF_CHECK)) {
            meter.powerCut("self-check");
        }
    }

    private void finishSelfCheck() {
        MeterState s = meter.state;
        String version = s.verified.version;
        boolean passed = (s.verified.flags & ImageHeader.FLAG_SELF_CHECK_FAILS) == 0 && !meter.faults.failSelfCheck();
        s.step = MeterState.Step.NONE;
        if (passed && !isCore(s.verified)) {
            String name = s.verified.component;
            MeterState.Component c = s.components.get(name);
            String before = c.previousVersion;
            c.previousVersion = null;
            c.previousSha256 = null;
            s.trialComponent = null;
            s.verified = null;
            meter.store.deleteImage();
            s.status = 6;
            s.upgradesSucceeded++;
            meter.event("activation successful: " + name + " runs " + c.version + ", self-check passed; previous "
                    + before + "; core and other components untouched");
        } else if (passed) {
            int previous = s.activeBank;
            s.activeBank = s.trialBank;
            s.trialBank = -1;
            s.banks[s.activeBank].condition = "valid";
            s.verified = null;
            meter.store.deleteImage();
            s.status = 6;
            s.upgradesSucceeded++;
            meter.event("activation successful: running " + version + " from bank " + s.activeBank
                    + ", self-check passed; previous " + s.banks[previous].version + " kept in bank " + previous);
        } else {
            meter.discardTrial("self-check of " + version + " failed: reverted");
            s.status = 7;
            s.upgradeFailures++;
        }
        meter.save();
    }
}
