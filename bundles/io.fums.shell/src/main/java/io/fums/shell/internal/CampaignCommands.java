package io.fums.shell.internal;

import io.fums.api.error.FumsException;
import io.fums.meter.upgrade.CampaignService;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/** campaign list, status, pause, resume: the meter-upgrade agent's campaigns on this DCU. */
final class CampaignCommands {

    private final Supplier<CampaignService> campaigns;

    CampaignCommands(Supplier<CampaignService> campaigns) {
        this.campaigns = campaigns;
    }

    List<Command> commands() {
        return List.of(
                Command.readOnly("campaign list", "every campaign, newest first: state, firmware, meters done",
                        "campaign list", "campaign list", 0, 0, a -> list()),
                Command.readOnly("campaign status", "one campaign: state, meters per upgrade state, alarms, every meter's job",
                        "campaign status <campaign-id>", "campaign status fw-2-0-0", 1, 1, a -> status(a.arg(0))),
                Command.changing("campaign pause", "pause a running campaign (meters stop at their next journalled point)",
                        "campaign pause <campaign-id>", "campaign pause fw-2-0-0", 1, 1,
                        a -> "paused: " + summary(service().pause(a.arg(0)))),
                Command.changing("campaign resume", "resume a paused campaign",
                        "campaign resume <campaign-id>", "campaign resume fw-2-0-0", 1, 1,
                        a -> "resumed: " + summary(service().resume(a.arg(0)))));
    }

    private CampaignService service() throws FumsException {
        return Services.need(campaigns, "the meter-upgrade agent");
    }

    private String list() throws FumsException {
        List<CampaignStatus> all = service().campaigns();
        if (all.isEmpty()) {
            return "no campaigns\n";
        }
        StringBuilder b = new StringBuilder();
        for (CampaignStatus c : all) {
            b.append(summary(c));
        }
        return b.toString();
    }

    private String status(String id) throws FumsException {
        CampaignStatus c = service().status(id);
        StringBuilder b = new StringBuilder(summary(c));
        b.append("  created ").append(c.createdAt()).append(", updated ").append(c.updatedAt()).append('\n');
        b.append("  meters: ").append(new TreeMap<>(c.counts())).append('\n');
        for (String alarm : c.alarms()) {
            b.append("  alarm: ").append(alarm).append('\n');
        }
        for (MeterJob j : c.meters()) {
            b.append(String.format("  %-16s %-22s attempts %d%s%n", j.meterId(), j.state(), j.attempts(),
                    j.errorCode() == null ? "" : "  " + j.errorCode() + ": " + j.message()));
        }
        return b.toString();
    }

    private static String summary(CampaignStatus c) {
        return String.format("%-20s %-9s firmware %s, %d/%d meters done%s%n", c.id(), c.state(), c.firmware(), c.done(),
                c.total(), c.reason() == null ? "" : " (" + c.reason() + ")");
    }
}
