package io.fums.cloud.meters.internal;

import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@code meters} state section ({@link MeterState}) while the
 * meter inventory and readings are there: the cloud link re-publishes the
 * DCU's state when the section comes or goes, and says
 * {@code "available": false} without it.
 *
 * <p>The section summarises what the periodic reads last saw, and the reads
 * see a meter's new firmware only after its campaign has ended (the state
 * re-published then is too early): every {@value #WATCH_SECONDS} s the
 * section is computed again and, when it differs from the one last
 * published, the cloud link is asked to re-publish the state. The cloud link
 * is looked up when needed (it references the state contributors: no
 * reference cycle).
 */
@Component(service = StateContributor.class, property = StateContributor.SECTION + "=" + MeterState.SECTION,
        reference = @Reference(name = MeterStateComponent.CONNECTION, service = CloudConnection.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY))
public final class MeterStateComponent implements StateContributor {

    static final String CONNECTION = "connection";
    static final int WATCH_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(MeterStateComponent.class);

    private final MeterState state;
    private final ScheduledExecutorService watch;

    @Activate
    public MeterStateComponent(ComponentContext component, @Reference MeterInventory inventory,
                               @Reference MeterReadings readings, @Reference Clock clock) {
        this.state = new MeterState(inventory, readings, clock);
        Supplier<CloudConnection> connection = CampaignHandlerComponent.lookup(component, CONNECTION);
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fums-meter-state");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(() -> {
            try {
                CloudConnection c = connection.get();
                if (c != null && state.changedSincePublished()) {
                    LOG.debug("the meters' state section changed: the DCU's state is re-published");
                    c.refreshState();
                }
            } catch (RuntimeException e) {
                LOG.warn("meters state watch: {}", e.toString());
            }
        }, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        watch.shutdownNow();
    }

    @Override
    public Object state() {
        return state.state();
    }
}
