package io.fums.cloud.meters.internal;

import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignState;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Turns what the meter-upgrade agent reports into events through the durable
 * outbox: {@code evt/campaign} (progress), {@code evt/meter-result} and
 * {@code evt/alarm}. Publishing does not wait for the disk commit (the agent
 * calls on its worker threads); the outbox keeps the order of the calls.
 * When a campaign stops (completed, cancelled, paused) the DCU's state is
 * re-published, since the meters' firmware summary may have changed.
 */
public final class CampaignEvents implements CampaignListener {

    private final EventSink sink;
    private final Supplier<CloudConnection> connection;
    private final Clock clock;

    /**
     * @param publisher  the outbox (may supply null while the cloud link is down: the event is then lost)
     * @param connection whose state to refresh (may supply null)
     * @param clock      the DCU's wall clock: the time of an event whose fact has none
     */
    public CampaignEvents(Supplier<CloudPublisher> publisher, Supplier<CloudConnection> connection, Clock clock) {
        this.sink = new EventSink(publisher);
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public void progress(CampaignStatus status) {
        sink.publish(CampaignJson.progressEvent(status, clock.instant()));
        if (status.state().isFinal() || status.state() == CampaignState.PAUSED) {
            CloudConnection c = connection.get();
            if (c != null) {
                c.refreshState();
            }
        }
    }

    @Override
    public CompletionStage<String> meterResult(MeterJob job) {
        return sink.publish(CampaignJson.resultEvent(job, clock.instant()));
    }

    @Override
    public void alarm(String campaign, String meterId, String code, String message) {
        sink.publish(CampaignJson.campaignAlarmEvent(campaign, meterId, code, message, clock.instant()));
    }
}
