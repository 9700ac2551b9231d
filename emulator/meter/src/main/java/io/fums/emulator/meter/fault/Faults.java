package io.fums.emulator.meter.fault;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.cosem.ObisCode;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * One meter's fault injector: the installed {@link FaultPlan} and what it
 * has already done (one-shot faults fire once per installation).
 * Thread-safe.
 */
public final class Faults {

    private FaultPlan plan = FaultPlan.NONE;
    private final SplittableRandom random;
    private final Set<Long> dropped = new HashSet<>();
    private final Set<Long> corrupted = new HashSet<>();
    private long blocksSinceInstall;
    private boolean powerCutDone;
    private Set<ObisCode> absent = Set.of();
    private long absentAsked;

    /** An injector with no fault; {@code seed} makes the random faults reproducible. */
    public Faults(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Replaces the plan and forgets what the previous one did. */
    public synchronized void install(FaultPlan newPlan) {
        plan = newPlan == null ? FaultPlan.NONE : newPlan;
        absent = plan.absentObjects().stream().map(ObisCode::parse).collect(Collectors.toUnmodifiableSet());
        dropped.clear();
        corrupted.clear();
        blocksSinceInstall = 0;
        powerCutDone = false;
    }

    /** The installed plan. */
    public synchronized FaultPlan plan() {
        return plan;
    }

    /** Counts a received block; whether it is lost. */
    public synchronized boolean dropBlock(long number) {
        blocksSinceInstall++;
        if (plan.dropBlocks().contains(number) && dropped.add(number)) {
            return true;
        }
        return plan.dropBlockRate() > 0 && random.nextDouble() < plan.dropBlockRate();
    }

    /** Whether a received block is stored corrupted. */
    public synchronized boolean corruptBlock(long number) {
        if (plan.corruptBlocks().contains(number) && corrupted.add(number)) {
            return true;
        }
        return plan.corruptBlockRate() > 0 && random.nextDouble() < plan.corruptBlockRate();
    }

    /**
     * Whether the power fails now, at {@code step}; fires once. For
     * {@link FaultStep#TRANSFER} it fires on the block after
     * {@code powerCutAfterBlocks} received blocks.
     */
    public synchronized boolean powerCut(FaultStep step) {
        if (powerCutDone || plan.powerCutAt() != step) {
            return false;
        }
        if (step == FaultStep.TRANSFER && blocksSinceInstall < plan.powerCutAfterBlocks()) {
            return false;
        }
        powerCutDone = true;
        return true;
    }

    /** How long the meter stays off after a cut. */
    public synchronized long powerOffMillis() {
        return plan.powerOffMillis();
    }

    public synchronized boolean refuseActivation() {
        return plan.refuseActivation();
    }

    public synchronized boolean failSelfCheck() {
        return plan.failSelfCheck();
    }

    public synchronized long responseDelayMillis() {
        return plan.responseDelayMillis();
    }

    /** The data-access-result refusing a write of the activation schedule, or null to accept it. */
    public synchronized DataAccessResult scheduleWriteRefusal() {
        return plan.refuseScheduleWrite() == null ? null : FaultPlan.scheduleRefusal(plan.refuseScheduleWrite());
    }

    /** Whether the meter lacks the object {@code name}. */
    public synchronized boolean absent(ObisCode name) {
        return absent.contains(name);
    }

    /**
     * Whether the meter lacks the object {@code name} a request names; such a request is counted
     * ({@link #absentAsked}).
     */
    public synchronized boolean askedAbsent(ObisCode name) {
        if (!absent.contains(name)) {
            return false;
        }
        absentAsked++;
        return true;
    }

    /** How many requests named an object the meter lacks (since the emulator started; not reset by {@link #install}). */
    public synchronized long absentAsked() {
        return absentAsked;
    }

    /** Whether a GET-with-list naming an absent object is refused as a whole. */
    public synchronized boolean refuseListNamingAbsent() {
        return plan.refuseListNamingAbsent();
    }

    public synchronized boolean mute() {
        return plan.mute();
    }

    /** Whether the next frame the meter sends is replaced by garbage. */
    public synchronized boolean garbageFrame() {
        return plan.garbageRate() > 0 && random.nextDouble() < plan.garbageRate();
    }

    /** Random octets for a garbage frame. */
    public synchronized byte[] garbage(int length) {
        byte[] b = new byte[Math.max(1, length)];
        random.nextBytes(b);
        return b;
    }

    /** A position in a block to corrupt. */
    public synchronized int corruptIndex(int length) {
        return random.nextInt(Math.max(1, length));
    }
}
