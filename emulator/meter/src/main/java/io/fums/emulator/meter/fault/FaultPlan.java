package io.fums.emulator.meter.fault;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.cosem.ObisCode;
import java.util.List;
import java.util.Locale;

/**
 * The faults to inject into one meter, from the population config or a
 * control command (JSON field names as below; absent means off).
 *
 * @param dropBlocks          image blocks lost once each: acknowledged but not stored
 * @param dropBlockRate       probability that any received block is lost that way
 * @param corruptBlocks       image blocks stored once each with one octet flipped (verification then fails)
 * @param corruptBlockRate    probability that any received block is stored corrupted
 * @param powerCutAt          the step at which the power fails once: TRANSFER, VERIFY, ACTIVATION or SELF_CHECK
 * @param powerCutAfterBlocks for TRANSFER: blocks received after the plan was installed before the cut
 *                            (the next block is lost with the power)
 * @param powerOffMillis      how long the meter stays off after a power cut
 * @param refuseActivation    image_activate is refused (status 7, the verified image is kept)
 * @param failSelfCheck       the self-check after activation fails, whatever the image
 * @param responseDelayMillis every request is answered this much later
 * @param garbageRate         probability that a frame the meter sends is replaced by random octets
 * @param mute                the meter receives but never answers
 * @param refuseScheduleWrite a SET of the image activation schedule's execution_time (class 22,
 *                            0-0:15.0.2.255) is refused with this data-access-result, named as in
 *                            the Green Book (e.g. "read-write-denied", "object-unavailable",
 *                            "type-unmatched"); null: accepted
 * @param absentObjects       logical names ("0-0:15.0.2.255") of objects the meter does not have:
 *                            every request naming one is answered object-undefined
 * @param refuseListNamingAbsent a GET-with-list naming an absent object is refused as a whole
 *                            (exception-response), as some meters do, instead of item by item
 */
public record FaultPlan(List<Long> dropBlocks, double dropBlockRate, List<Long> corruptBlocks,
        double corruptBlockRate, FaultStep powerCutAt, long powerCutAfterBlocks, long powerOffMillis,
        boolean refuseActivation, boolean failSelfCheck, long responseDelayMillis, double garbageRate,
        boolean mute, String refuseScheduleWrite, List<String> absentObjects, boolean refuseListNamingAbsent) {

    /** No fault. */
    public static final FaultPlan NONE = new FaultPlan(null, 0, null, 0, null, 0, 0, false, false, 0, 0, false,
            null, null, false);

    /** Validates and copies. */
    public FaultPlan {
        dropBlocks = dropBlocks == null ? List.of() : List.copyOf(dropBlocks);
        corruptBlocks = corruptBlocks == null ? List.of() : List.copyOf(corruptBlocks);
        absentObjects = absentObjects == null ? List.of() : List.copyOf(absentObjects);
        for (String obis : absentObjects) {
            ObisCode.parse(obis); // IllegalArgumentException names the bad one
        }
        if (refuseScheduleWrite != null) {
            scheduleRefusal(refuseScheduleWrite);
        }
        for (double p : new double[] {dropBlockRate, corruptBlockRate, garbageRate}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault rates are probabilities 0..1");
            }
        }
        if (powerCutAfterBlocks < 0 || powerOffMillis < 0 || responseDelayMillis < 0) {
            throw new IllegalArgumentException("fault counts and times must not be negative");
        }
    }

    /** A power cut at {@code step}, the meter back on after {@code offMillis}. */
    public static FaultPlan powerCut(FaultStep step, long afterBlocks, long offMillis) {
        return new FaultPlan(null, 0, null, 0, step, afterBlocks, offMillis, false, false, 0, 0, false, null, null,
                false);
    }

    /** Blocks dropped and corrupted once each. */
    public static FaultPlan blocks(List<Long> drop, List<Long> corrupt) {
        return new FaultPlan(drop, 0, corrupt, 0, null, 0, 0, false, false, 0, 0, false, null, null, false);
    }

    /** This plan with the self-check failing. */
    public FaultPlan withFailSelfCheck(boolean v) {
        return new FaultPlan(dropBlocks, dropBlockRate, corruptBlocks, corruptBlockRate, powerCutAt,
                powerCutAfterBlocks, powerOffMillis, refuseActivation, v, responseDelayMillis, garbageRate, mute,
                refuseScheduleWrite, absentObjects, refuseListNamingAbsent);
    }

    /** This plan with activation refused. */
    public FaultPlan withRefuseActivation(boolean v) {
        return new FaultPlan(dropBlocks, dropBlockRate, corruptBlocks, corruptBlockRate, powerCutAt,
                powerCutAfterBlocks, powerOffMillis, v, failSelfCheck, responseDelayMillis, garbageRate, mute,
                refuseScheduleWrite, absentObjects, refuseListNamingAbsent);
    }

    /** This plan with link-level faults. */
    public FaultPlan withLink(long delayMillis, double garbage, boolean muted) {
        return new FaultPlan(dropBlocks, dropBlockRate, corruptBlocks, corruptBlockRate, powerCutAt,
                powerCutAfterBlocks, powerOffMillis, refuseActivation, failSelfCheck, delayMillis, garbage, muted,
                refuseScheduleWrite, absentObjects, refuseListNamingAbsent);
    }

    /** The data-access-result named {@code name} ("read-write-denied" or READ_WRITE_DENIED). */
    public static DataAccessResult scheduleRefusal(String name) {
        DataAccessResult r;
        try {
            r = DataAccessResult.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("refuseScheduleWrite: unknown data-access-result \"" + name + "\"", e);
        }
        if (r == DataAccessResult.SUCCESS) {
            throw new IllegalArgumentException("refuseScheduleWrite: success is no refusal");
        }
        return r;
    }
}
