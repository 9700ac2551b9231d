package io.fums.meter.upgrade;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a campaign stands: its state, the meters per upgrade state, and
 * each meter's job.
 *
 * @param id        the campaign
 * @param state     its state
 * @param firmware  the firmware version it installs
 * @param createdAt when it was created
 * @param updatedAt when its state last changed
 * @param counts    meters per upgrade state
 * @param meters    every target meter's job (empty in summaries)
 * @param alarms    alarms raised so far (failed upgrade processes, threshold pauses)
 * @param reason    why it is paused or cancelled, else null
 * @param activation when its meters activate (what a waiting meter waits for), or null if not known
 */
public record CampaignStatus(String id, CampaignState state, String firmware, Instant createdAt, Instant updatedAt,
                             Map<UpgradeState, Integer> counts, List<MeterJob> meters, List<String> alarms, String reason,
                             ActivationPolicy activation) {

    public CampaignStatus {
        counts = Map.copyOf(counts);
        meters = List.copyOf(meters);
        alarms = List.copyOf(alarms);
    }

    /** A status without its activation policy (since 2.0.0). */
    public CampaignStatus(String id, CampaignState state, String firmware, Instant createdAt, Instant updatedAt,
                          Map<UpgradeState, Integer> counts, List<MeterJob> meters, List<String> alarms, String reason) {
        this(id, state, firmware, createdAt, updatedAt, counts, meters, alarms, reason, null);
    }

    /** The number of target meters. */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The number of meters in a final state. */
    public int done() {
        return counts.entrySet().stream().filter(e -> e.getKey().isFinal()).mapToInt(Map.Entry::getValue).sum();
    }
}
