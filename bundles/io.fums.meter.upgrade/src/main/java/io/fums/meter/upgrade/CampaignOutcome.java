package io.fums.meter.upgrade;

import java.util.List;
import java.util.Map;

/**
 * Where a campaign run stopped.
 *
 * @param state      COMPLETED, or PAUSED when a wave reached the error threshold
 * @param waves      the waves planned
 * @param wavesRun   how many waves were worked on
 * @param counts     meters per state
 * @param alarms     the alarms raised (failed upgrade process per meter, threshold reached)
 */
public record CampaignOutcome(State state, int waves, int wavesRun, Map<UpgradeState, Integer> counts, List<String> alarms) {

    /** The campaign's state after a run. */
    public enum State { COMPLETED, PAUSED }
}
