package io.fums.emulator.console.web;

import io.fums.emulator.console.ConsoleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fleet rollouts first, then the DCUs' plain campaigns: both on the pages. A campaign that a fleet rollout runs
 * on its DCUs ({@code fleet-<rollout>}) is shown once, as its fleet rollout; an id that both sources know is the fleet
 * rollout's. Each command goes to the source that shows the rollout.
 */
final class CombinedRollouts implements RolloutSource {

    /** The campaigns of fleet rollouts (RolloutSpec.CAMPAIGN_PREFIX), not shown as plain campaigns. */
    static final String FLEET_CAMPAIGN = "fleet-";

    private final RolloutSource fleet;
    private final RolloutSource campaigns;

    CombinedRollouts(RolloutSource fleet, RolloutSource campaigns) {
        this.fleet = fleet;
        this.campaigns = campaigns;
    }

    @Override
    public String name() {
        return fleet.name() + "+" + campaigns.name();
    }

    @Override
    public List<Rollout> rollouts() {
        List<Rollout> out = new ArrayList<>(fleet.rollouts());
        for (Rollout r : campaigns.rollouts()) {
            if (plain(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        Optional<Rollout> r = fleet.rollout(id);
        return r.isPresent() || !plain(id) ? r : campaigns.rollout(id);
    }

    @Override
    public Map<String, Integer> failures(String id) throws InterruptedException {
        return of(id).failures(id);
    }

    @Override
    public List<PartOutcome> control(String id, Action action, String dcuId)
            throws ConsoleException, InterruptedException {
        return of(id).control(id, action, dcuId);
    }

    @Override
    public void onChange(Consumer<Rollout> listener) {
        fleet.onChange(listener);
        campaigns.onChange(r -> {
            if (plain(r.id())) {
                listener.accept(r);
            }
        });
    }

    private RolloutSource of(String id) {
        return fleet.rollout(id).isPresent() || !plain(id) ? fleet : campaigns;
    }

    private boolean plain(String id) {
        return !id.startsWith(FLEET_CAMPAIGN) && fleet.rollout(id).isEmpty();
    }
}
