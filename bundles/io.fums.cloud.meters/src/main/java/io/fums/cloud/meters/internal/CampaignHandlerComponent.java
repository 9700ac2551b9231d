package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.ArtifactDownloads;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.meter.upgrade.CampaignService;
import io.fums.store.AuditLog;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link CampaignHandler} (firmware.* and campaign.* operations).
 *
 * <p>The agent is an optional reference looked up when a request needs it:
 * this bundle starts without the agent and the operations then answer that
 * it is not running; and no reference cycle arises with the agent, which
 * binds this bundle's listener ({@link CampaignEventsComponent}). This class
 * names no type of the agent's bundle in its signatures, so that it loads
 * even when that bundle is not installed (the meter packages are optional
 * imports). Firmware packages are downloaded by the cloud link's
 * {@link ArtifactDownloads} service, with the link's download settings.
 */
@Component(service = RequestHandler.class,
        property = {
            RequestHandler.OPERATIONS + "=firmware.stage",
            RequestHandler.OPERATIONS + "=firmware.list",
            RequestHandler.OPERATIONS + "=campaign.create",
            RequestHandler.OPERATIONS + "=campaign.start",
            RequestHandler.OPERATIONS + "=campaign.pause",
            RequestHandler.OPERATIONS + "=campaign.resume",
            RequestHandler.OPERATIONS + "=campaign.cancel",
            RequestHandler.OPERATIONS + "=campaign.status",
            RequestHandler.OPERATIONS + "=campaign.history",
            RequestHandler.READ_ONLY + "=firmware.list",
            RequestHandler.READ_ONLY + "=campaign.status",
            RequestHandler.READ_ONLY + "=campaign.history"
        },
        reference = @Reference(name = CampaignHandlerComponent.CAMPAIGNS, service = CampaignService.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY))
public final class CampaignHandlerComponent implements RequestHandler {

    static final String CAMPAIGNS = "campaigns";

    private final CampaignHandler handler;

    @Activate
    public CampaignHandlerComponent(ComponentContext component, @Reference ArtifactDownloads downloads,
                                    @Reference AuditLog audit) {
        this.handler = new CampaignHandler(lookup(component, CAMPAIGNS), downloads, audit);
    }

    /**
     * A supplier of a looked-up service. Untyped on purpose: a lambda typed
     * with the service's interface would load that interface here.
     */
    @SuppressWarnings("unchecked")
    static <T> Supplier<T> lookup(ComponentContext component, String reference) {
        Supplier<?> s = () -> component.locateService(reference);
        return (Supplier<T>) s;
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return handler.handle(request);
    }
}
