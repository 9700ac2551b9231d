package io.fums.emulator.console.fleet;

import io.fums.emulator.console.fleet.FleetStore.Counts;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides the next step of a running rollout from its stored state, the DCUs online now and the time; pure (no I/O),
 * so every rule is tested with an injected time:
 * <ul>
 * <li>waves run in order: the next wave opens when every DCU of the earlier waves is done or waiting for its
 * return (a DCU offline when its wave opens waits, and is started when it comes back, until the deadline; then it
 * fails with {@code DCU_OFFLINE});</li>
 * <li>at most {@code maxParallel} DCUs are in work at once; DCUs that came back go first;</li>
 * <li>the fleet threshold: failed DCUs among the DCUs started, or failed meters among the meters of the DCUs
 * started (excluded DCUs do not count), once reached, pause the rollout and no further DCU is started;</li>
 * <li>every DCU done: the rollout is complete.</li>
 * </ul>
 */
public final class RolloutPlanner {

    /**
     * The step.
     *
     * @param start    DCUs to start now (in order)
     * @param waitFor  DCUs whose wave opened while they are offline: wait for them until {@code waitUntil}
     * @param waitUntil the deadline of those
     * @param expire   waiting DCUs past their deadline: failed
     * @param pause    the reason to pause the rollout (the threshold is reached), else null
     * @param complete every DCU is done
     * @param wave     the highest wave opened so far (0: none)
     */
    public record Step(List<String> start, List<String> waitFor, Instant waitUntil, List<String> expire, String pause,
                       boolean complete, int wave) {
    }

    /** The failures that the thresholds weigh. */
    public record Failures(int startedDcus, int failedDcus, long meters, long failedMeters) {
    }

    private RolloutPlanner() {
    }

    /** What the thresholds weigh now: DCUs started (not excluded), failed; their meters, failed. */
    public static Failures failures(List<RolloutDcu> dcus, Map<String, Counts> counts) {
        int started = 0;
        int failed = 0;
        long meters = 0;
        long failedMeters = 0;
        for (RolloutDcu d : dcus) {
            DcuState s = d.state();
            if (s == DcuState.EXCLUDED || s == DcuState.PENDING || s == DcuState.WAITING || s == DcuState.CANCELLED) {
                continue;
            }
            started++;
            if (s == DcuState.FAILED) {
                failed++;
            }
            meters += d.metersTotal();
            Counts c = counts.get(d.dcuId());
            failedMeters += c == null ? 0 : c.failed();
        }
        return new Failures(started, failed, meters, failedMeters);
    }

    /**
     * The next step of a RUNNING rollout.
     *
     * @param online true for a DCU online now
     */
    public static Step plan(RolloutSpec spec, List<RolloutDcu> dcus, Map<String, Counts> counts,
                            Predicate<String> online, Instant now) {
        List<String> expire = new ArrayList<>();
        for (RolloutDcu d : dcus) {
            if (d.state() == DcuState.WAITING && d.waitUntil() != null && !now.isBefore(d.waitUntil())) {
                expire.add(d.dcuId());
            }
        }
        int maxWave = dcus.stream().mapToInt(RolloutDcu::wave).max().orElse(0);
        int opened = 0;
        for (RolloutDcu d : dcus) {
            if (d.state() != DcuState.PENDING) {
                opened = Math.max(opened, d.wave());
            }
        }
        boolean complete = dcus.stream().allMatch(d -> d.state().done() || expire.contains(d.dcuId()));
        if (complete) {
            return new Step(List.of(), List.of(), null, expire, null, true, maxWave);
        }
        Failures f = failures(dcus, counts);
        int failedDcus = f.failedDcus() + expire.size();
        int started = f.startedDcus() + expire.size();
        String pause = null;
        if (spec.dcuThreshold().reached(failedDcus, started)) {
            pause = "fleet threshold: " + failedDcus + " of " + started + " DCUs started failed (threshold "
                    + spec.dcuThreshold() + ")";
        } else if (spec.meterThreshold().reached(f.failedMeters(), f.meters())) {
            pause = "fleet threshold: " + f.failedMeters() + " of " + f.meters() + " meters of the DCUs started "
                    + "failed (threshold " + spec.meterThreshold() + ")";
        }
        if (pause != null) {
            return new Step(List.of(), List.of(), null, expire, pause, false, opened);
        }
        long inWork = dcus.stream().filter(d -> d.state().inWork()).count();
        int slots = (int) Math.max(0, spec.maxParallel() - inWork);
        List<String> start = new ArrayList<>();
        for (RolloutDcu d : dcus) {
            if (slots > 0 && d.state() == DcuState.WAITING && !expire.contains(d.dcuId()) && online.test(d.dcuId())) {
                start.add(d.dcuId());
                slots--;
            }
        }
        List<String> wait = new ArrayList<>();
        int next = dcus.stream().filter(d -> d.state() == DcuState.PENDING).mapToInt(RolloutDcu::wave).min().orElse(0);
        if (next > 0) {
            int w = next;
            boolean earlierDone = dcus.stream().filter(d -> d.wave() < w)
                    .allMatch(d -> d.state().done() || d.state() == DcuState.WAITING || expire.contains(d.dcuId()));
            if (earlierDone) {
                opened = Math.max(opened, w);
                for (RolloutDcu d : dcus) {
                    if (d.wave() != w || d.state() != DcuState.PENDING) {
                        continue;
                    }
                    if (!online.test(d.dcuId())) {
                        wait.add(d.dcuId());
                    } else if (slots > 0) {
                        start.add(d.dcuId());
                        slots--;
                    }
                }
            }
        }
        Instant until = now.plus(Duration.ofSeconds(spec.offlineDeadlineSeconds()));
        return new Step(start, wait, wait.isEmpty() ? null : until, expire, null, false, opened);
    }
}
