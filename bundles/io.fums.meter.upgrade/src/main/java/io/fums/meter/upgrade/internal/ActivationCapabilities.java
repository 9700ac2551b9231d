package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.meter.upgrade.ActivationPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaign planning from what the meters offer (issue 15): a campaign whose
 * activation is scheduled (written into each meter's activation schedule,
 * class 22) leaves out, at creation, every meter known to lack that object;
 * its job ends CANCELLED with {@link ErrorCode#METER_NO_ACTIVATION_SCHEDULE}
 * instead of failing at activation time. A meter whose capabilities are
 * unknown (never contacted) is kept. Other activation policies need no
 * schedule and leave every meter in.
 */
final class ActivationCapabilities {

    /** What the DCU knows of a meter's activation schedule. */
    @FunctionalInterface
    interface ScheduleSupport {
        /** Whether the meter has an image activation schedule; empty when its capabilities are unknown. */
        Optional<Boolean> hasActivationSchedule(String meterId);

        /** Knows nothing: no meter is left out. */
        ScheduleSupport UNKNOWN = meterId -> Optional.empty();
    }

    private ActivationCapabilities() {
    }

    /**
     * The targets a campaign with {@code activation} leaves out, each with the reason.
     *
     * @return meter id to message, in target order; empty unless the activation is scheduled
     */
    static Map<String, String> excluded(ActivationPolicy activation, List<String> targets, ScheduleSupport support) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!activation.scheduled()) {
            return out;
        }
        for (String m : targets) {
            if (support.hasActivationSchedule(m).equals(Optional.of(false))) {
                out.put(m, "left out at creation, not contacted: meter " + m + " has no image activation schedule"
                        + " (class 22, 0-0:15.0.2.255) for the scheduled activation at " + activation.at()
                        + "; upgrade it in a campaign that activates now or in a maintenance window");
            }
        }
        return out;
    }
}
