package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.meter.upgrade.ActivationPolicy;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.MeterJob;
import io.fums.meter.upgrade.RolloutPolicy;
import io.fums.meter.upgrade.UpgradeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels one meter's upgrade, with the campaign's retries: a meter that has
 * not activated ends CANCELLED with its schedule cleared and its pending
 * image discarded; one that the scheduled time already switched is followed
 * to its end (self-check, success or revert) like in a running campaign.
 */
final class MeterCancel {

    private static final Logger LOG = LoggerFactory.getLogger(MeterCancel.class);

    private final UpgradeJournal journal;
    private final MeterUpgrader upgrader;
    private final RolloutPolicy rollout;

    MeterCancel(UpgradeJournal journal, MeterUpgrader upgrader, RolloutPolicy rollout) {
        this.journal = journal;
        this.upgrader = upgrader;
        this.rollout = rollout;
    }

    void cancel(String campaign, MeterEndpoint meter, FirmwareImage image, ActivationPolicy activation,
                CampaignRunner.AlarmSink alarms) throws FumsException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            DlmsClient client = null;
            try {
                client = meter.connector().open();
                if (!upgrader.cancel(campaign, meter.meterId(), activation, client) && image != null) {
                    LOG.info("campaign {}: meter {} activated before the cancel reached it: following it to the end", campaign,
                            meter.meterId());
                    upgrader.advance(campaign, meter.meterId(), meter.deviceType(), image, new byte[0], activation, client);
                    MeterJob job = journal.job(campaign, meter.meterId()).orElseThrow();
                    if (job.state() == UpgradeState.REVERTED) {
                        alarms.alarm(campaign, meter.meterId(), job.errorCode(), "failed upgrade process: meter " + meter.meterId()
                                + ": " + job.errorCode() + ": " + job.message());
                    }
                }
                return;
            } catch (DlmsException e) {
                if (attempt >= rollout.maxAttempts()) {
                    alarms.alarm(campaign, meter.meterId(), ErrorCode.METER_UNREACHABLE.name(), "cancel of meter " + meter.meterId()
                            + " not confirmed after " + attempt + " attempts: " + e.getMessage() + "; retried after a restart");
                    return;
                }
                Thread.sleep(rollout.backoffFor(attempt).toMillis());
            } finally {
                if (client != null) {
                    client.close();
                }
            }
        }
    }
}
