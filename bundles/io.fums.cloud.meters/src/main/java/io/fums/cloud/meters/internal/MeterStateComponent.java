package io.fums.cloud.meters.internal;

import io.fums.cloud.mqtt.StateContributor;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the {@code meters} state section ({@link MeterState}) while the
 * meter inventory and readings are there: the cloud link re-publishes the
 * DCU's state when the section comes or goes, and says
 * {@code "available": false} without it.
 */
@Component(service = StateContributor.class, property = StateContributor.SECTION + "=" + MeterState.SECTION)
public final class MeterStateComponent implements StateContributor {

    private final MeterState state;

    @Activate
    public MeterStateComponent(@Reference MeterInventory inventory, @Reference MeterReadings readings,
                               @Reference Clock clock) {
        this.state = new MeterState(inventory, readings, clock);
    }

    @Override
    public Object state() {
        return state.state();
    }
}
