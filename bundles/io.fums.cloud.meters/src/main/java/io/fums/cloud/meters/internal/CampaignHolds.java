package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import java.util.Optional;
import java.util.function.Supplier;

/** Whether a campaign holds a meter: operations that change a meter (disconnect, key rotation) are refused then. */
final class CampaignHolds {

    private CampaignHolds() {
    }

    /**
     * The unfinished job of an unfinished campaign for this meter, if any.
     *
     * @param campaigns the meter-upgrade agent, or a supplier of null when it is not running (then no campaign holds a meter)
     */
    static Optional<MeterJob> job(Supplier<CampaignService> campaigns, String meterId) throws FumsException {
        CampaignService c;
        try {
            c = campaigns.get();
        } catch (NoClassDefFoundError e) {
            return Optional.empty(); // the agent's bundle is not installed: no campaign exists
        }
        if (c == null) {
            return Optional.empty();
        }
        for (CampaignStatus summary : c.campaigns()) {
            if (summary.state().isFinal()) {
                continue;
            }
            for (MeterJob job : c.status(summary.id()).meters()) {
                if (job.meterId().equals(meterId) && !job.state().isFinal()) {
                    return Optional.of(job);
                }
            }
        }
        return Optional.empty();
    }
}
