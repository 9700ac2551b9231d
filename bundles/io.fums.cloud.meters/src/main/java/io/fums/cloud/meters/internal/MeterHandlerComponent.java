package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterReadings;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link MeterHandler} (meters.list, meters.read; read-only).
 * The inventory and readings are optional references looked up when a
 * request needs them: this bundle starts without the meter-reading bundle
 * and the operations then answer that it is not running. This class names no
 * type of that bundle in its signatures, so that it loads without it.
 */
@Component(service = RequestHandler.class,
        property = {
            RequestHandler.OPERATIONS + "=meters.list",
            RequestHandler.OPERATIONS + "=meters.read",
            RequestHandler.READ_ONLY + "=meters.list",
            RequestHandler.READ_ONLY + "=meters.read"
        },
        reference = {
            @Reference(name = MeterHandlerComponent.INVENTORY, service = MeterInventory.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY),
            @Reference(name = MeterHandlerComponent.READINGS, service = MeterReadings.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY)
        })
public final class MeterHandlerComponent implements RequestHandler {

    static final String INVENTORY = "inventory";
    static final String READINGS = "readings";

    private final MeterHandler handler;

    @Activate
    public MeterHandlerComponent(ComponentContext component, @Reference SupplyStates supply) {
        this.handler = new MeterHandler(CampaignHandlerComponent.lookup(component, INVENTORY),
                CampaignHandlerComponent.lookup(component, READINGS), supply);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return handler.handle(request);
    }
}
