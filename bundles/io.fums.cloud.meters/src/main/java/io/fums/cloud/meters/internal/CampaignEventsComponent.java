package io.fums.cloud.meters.internal;

import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.meter.upgrade.CampaignListener;
import io.fums.meter.upgrade.CampaignStatus;
import io.fums.meter.upgrade.MeterJob;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link CampaignEvents} listener of the meter-upgrade agent
 * (campaign progress, meter results and alarms as events). The outbox is
 * looked up when an event comes (no reference cycle with the cloud link);
 * only the agent gets this service, so without the agent it is never
 * created.
 */
@Component(service = CampaignListener.class,
        reference = {
            @Reference(name = CampaignEventsComponent.PUBLISHER, service = CloudPublisher.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY),
            @Reference(name = CampaignEventsComponent.CONNECTION, service = CloudConnection.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY)
        })
public final class CampaignEventsComponent implements CampaignListener {

    static final String PUBLISHER = "publisher";
    static final String CONNECTION = "connection";

    private final CampaignEvents events;

    @Activate
    public CampaignEventsComponent(ComponentContext component, @Reference Clock clock) {
        this.events = new CampaignEvents(CampaignHandlerComponent.lookup(component, PUBLISHER),
                CampaignHandlerComponent.lookup(component, CONNECTION), clock);
    }

    @Override
    public void progress(CampaignStatus status) {
        events.progress(status);
    }

    @Override
    public CompletionStage<?> meterResult(MeterJob job) {
        return events.meterResult(job);
    }

    @Override
    public void alarm(String campaign, String meterId, String code, String message) {
        events.alarm(campaign, meterId, code, message);
    }
}
