package io.fums.emulator.console.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The seam between the web console and whatever runs rollouts: the web console shows the rollouts of one source,
 * their live counts, waves and failures, and sends the operator's start, pause, resume and cancel to it.
 *
 * <p>{@link DcuCampaignRollouts}: each campaign id found on the DCUs (a campaign that the CLI created on one DCU, or
 * with the same id on several) is one rollout of one wave. The fleet rollouts of the console's store (waves of DCUs,
 * canary first, a fleet error threshold) are io.fums.emulator.console.fleet.FleetRollouts, given to
 * {@link WebConsole.Builder#fleet}: the pages then show both ({@link CombinedRollouts}).
 *
 * <p>Implementations are thread-safe. Read methods answer from memory or within a few seconds; {@link #control}
 * may take as long as the DCUs take to answer (the HTTP request waits for it).
 */
public interface RolloutSource {

    /** What the operator may ask of a rollout. */
    enum Action {
        START, PAUSE, RESUME, CANCEL,
        /** takes one DCU out of the rollout (its campaign cancelled, signed); the others go on */
        EXCLUDE;

        /** The lower-case name used in URLs and in the DCU operations ({@code campaign.<name>}). */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One DCU's part of a rollout.
     *
     * @param dcuId    the DCU
     * @param campaign the meter-firmware campaign on that DCU (or the software operation's id)
     * @param state    the part's state as the DCU reports it (e.g. {@code RUNNING}), or {@code WAITING} before start
     * @param done     meters in a final state
     * @param total    target meters
     * @param counts   meters per upgrade state, in the state machine's order
     * @param reason   why it is paused or cancelled, else null
     */
    record DcuPart(String dcuId, String campaign, String state, int done, int total, Map<String, Integer> counts,
                   String reason) {
    }

    /**
     * A wave of DCUs.
     *
     * @param name  e.g. {@code canary}, {@code 25%}, {@code rest}, or {@code all}
     * @param state {@code WAITING}, {@code RUNNING}, {@code DONE} ...
     * @param dcus  the DCUs of the wave
     */
    record Wave(String name, String state, List<String> dcus) {
    }

    /**
     * A rollout as shown.
     *
     * @param id        unique within the source
     * @param kind      {@code meter-firmware} or {@code dcu-software}
     * @param state     {@code CREATED}, {@code RUNNING}, {@code PAUSED}, {@code COMPLETED}, {@code CANCELLED}
     * @param firmware  the version it installs
     * @param done      meters (or DCUs, for software) in a final state, over every part
     * @param total     target meters (or DCUs)
     * @param counts    meters per state, summed over the parts
     * @param reason    why it is paused or cancelled, else null
     * @param waves     its waves, in order
     * @param dcus      every DCU's part
     * @param updatedAt when its state or counts last changed (null if unknown)
     */
    record Rollout(String id, String kind, String state, String firmware, int done, int total,
                   Map<String, Integer> counts, String reason, List<Wave> waves, List<DcuPart> dcus, Instant updatedAt) {
    }

    /**
     * What the DCUs answered to a command.
     *
     * @param dcuId   the DCU
     * @param status  {@code ok}, {@code refused} or {@code failed}
     * @param code    {@code OK} or the error code
     * @param message for people
     */
    record PartOutcome(String dcuId, String status, String code, String message) {
    }

    /** A short name of the source, shown on the pages (e.g. {@code dcu-campaigns}). */
    String name();

    /** Every rollout, newest first. */
    List<Rollout> rollouts();

    /** One rollout, or empty if the source has none of that id. */
    Optional<Rollout> rollout(String id);

    /**
     * Failed meters of a rollout by error code (e.g. {@code METER_SELF_CHECK_FAILED=3}), from the DCUs' per-meter
     * jobs; may ask the DCUs.
     */
    Map<String, Integer> failures(String id) throws InterruptedException;

    /**
     * Applies an action to every DCU part of a rollout (to DCU {@code dcuId} alone for {@link Action#EXCLUDE}),
     * signed with the operator's key.
     *
     * @param dcuId the DCU to exclude; null for the other actions
     * @return one outcome per DCU asked; empty if the rollout is unknown
     * @throws io.fums.emulator.console.ConsoleException when the console cannot sign (no operator key)
     */
    List<PartOutcome> control(String id, Action action, String dcuId)
            throws io.fums.emulator.console.ConsoleException, InterruptedException;

    /** Tells {@code listener} of each rollout whose state or counts changed (on the source's thread; keep it quick). */
    void onChange(Consumer<Rollout> listener);
}
