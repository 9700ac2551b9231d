package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.meter.access.MeterInventory;
import io.fums.store.AuditLog;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link SuspectHandler} ({@code meters.clear-suspect}; state
 * changing, so the router requires an operator's signature). The inventory is
 * an optional reference looked up per request, as for the other handlers of
 * this bundle.
 */
@Component(service = RequestHandler.class,
        property = RequestHandler.OPERATIONS + "=" + SuspectHandler.OPERATION,
        reference = @Reference(name = SuspectHandlerComponent.INVENTORY, service = MeterInventory.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY))
public final class SuspectHandlerComponent implements RequestHandler {

    static final String INVENTORY = "inventory";

    private final SuspectHandler handler;

    @Activate
    public SuspectHandlerComponent(ComponentContext component, @Reference AuditLog audit) {
        this.handler = new SuspectHandler(CampaignHandlerComponent.lookup(component, INVENTORY), audit);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return handler.handle(request);
    }
}
