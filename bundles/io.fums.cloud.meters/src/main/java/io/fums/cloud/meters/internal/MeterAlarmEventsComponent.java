package io.fums.cloud.meters.internal;

import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.meter.access.MeterAlarm;
import io.fums.meter.access.MeterAlarmListener;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes the meter-reading bundle's alarms (SEC-8) as {@code evt/alarm}.
 * The outbox is looked up when an alarm comes (no reference cycle); only the
 * meter-reading bundle gets this service.
 */
@Component(service = MeterAlarmListener.class,
        reference = @Reference(name = MeterAlarmEventsComponent.PUBLISHER, service = CloudPublisher.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY))
public final class MeterAlarmEventsComponent implements MeterAlarmListener {

    static final String PUBLISHER = "publisher";

    private final EventSink sink;

    @Activate
    public MeterAlarmEventsComponent(ComponentContext component) {
        this.sink = new EventSink(CampaignHandlerComponent.lookup(component, PUBLISHER));
    }

    @Override
    public void alarm(MeterAlarm alarm) {
        sink.publish(MeterJson.alarmEvent(alarm));
    }
}
