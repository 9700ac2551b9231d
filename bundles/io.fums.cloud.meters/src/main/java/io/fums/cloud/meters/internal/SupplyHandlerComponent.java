package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.meter.access.MeterInventory;
import io.fums.meter.reading.MeterSupply;
import io.fums.meter.upgrade.CampaignService;
import io.fums.store.AuditLog;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link SupplyHandler} (meters.supply, meters.disconnect with
 * dual control, meters.reconnect). The meter services and the campaign
 * agent are optional references looked up per request, as for the other
 * handlers of this bundle; this class names none of their types in its
 * signatures.
 */
@Component(service = RequestHandler.class,
        property = {
            RequestHandler.OPERATIONS + "=meters.supply",
            RequestHandler.OPERATIONS + "=meters.disconnect",
            RequestHandler.OPERATIONS + "=meters.reconnect",
            RequestHandler.READ_ONLY + "=meters.supply",
            RequestHandler.DUAL_CONTROL + "=meters.disconnect"
        },
        reference = {
            @Reference(name = SupplyHandlerComponent.INVENTORY, service = MeterInventory.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY),
            @Reference(name = SupplyHandlerComponent.SUPPLY, service = MeterSupply.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY),
            @Reference(name = SupplyHandlerComponent.CAMPAIGNS, service = CampaignService.class,
                    cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                    policyOption = ReferencePolicyOption.GREEDY)
        })
public final class SupplyHandlerComponent implements RequestHandler {

    static final String INVENTORY = "inventory";
    static final String SUPPLY = "supply";
    static final String CAMPAIGNS = "campaigns";

    private final SupplyHandler handler;

    @Activate
    public SupplyHandlerComponent(ComponentContext component, @Reference AuditLog audit,
                                  @Reference SupplyStates states) {
        this.handler = new SupplyHandler(CampaignHandlerComponent.lookup(component, INVENTORY),
                CampaignHandlerComponent.lookup(component, SUPPLY), CampaignHandlerComponent.lookup(component, CAMPAIGNS),
                audit, states);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return handler.handle(request);
    }
}
