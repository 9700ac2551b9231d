package io.fums.cloud.meters.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.crypto.DeviceKem;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link MeterKeysHandler} ({@code meters.keys.provision} and
 * {@code meters.keys.rotate}, signed) and the {@code keyAgreementKey} state section. Loads (or makes)
 * this DCU's key-agreement key, {@code ${fums.data.dir}/}{@value DeviceKem#FILE};
 * a key file others may read stops the component ({@code CONFIG_INVALID}).
 */
@Component(service = {RequestHandler.class, StateContributor.class},
        property = {
            RequestHandler.OPERATIONS + "=" + MeterKeysHandler.OPERATION,
            RequestHandler.OPERATIONS + "=" + MeterKeysHandler.ROTATE,
            StateContributor.SECTION + "=" + MeterKeysHandler.SECTION
        },
        reference = {
            @Reference(name = MeterKeysHandlerComponent.KEYS,
                service = io.fums.meter.access.MeterKeys.class, cardinality = ReferenceCardinality.OPTIONAL,
                policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY),
            @Reference(name = MeterKeysHandlerComponent.INVENTORY,
                service = io.fums.meter.access.MeterInventory.class, cardinality = ReferenceCardinality.OPTIONAL,
                policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY),
            @Reference(name = MeterKeysHandlerComponent.CAMPAIGNS,
                service = io.fums.meter.upgrade.CampaignService.class, cardinality = ReferenceCardinality.OPTIONAL,
                policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
        })
public final class MeterKeysHandlerComponent implements RequestHandler, StateContributor {

    static final String KEYS = "keys";
    static final String INVENTORY = "inventory";
    static final String CAMPAIGNS = "campaigns";
    private static final Logger LOG = LoggerFactory.getLogger(MeterKeysHandlerComponent.class);

    private final MeterKeysHandler handler;

    @Activate
    public MeterKeysHandlerComponent(BundleContext context, ComponentContext component, @Reference AuditLog audit)
            throws FumsException {
        String data = context.getProperty("fums.data.dir");
        Path file = Path.of(data == null || data.isBlank() ? "/var/lib/fums" : data).resolve(DeviceKem.FILE);
        DeviceKem kem;
        try {
            kem = DeviceKem.loadOrCreate(file);
        } catch (FumsException e) {
            LOG.error("meters.keys.provision not served: {} {}", e.code(), e.getMessage());
            audit.append(AuditEvent.builder("dcu", "dcu.kem-key.load").failed(e.code()).subject(file.toString())
                    .detail("message", e.getMessage()).build());
            throw e;
        }
        LOG.info("DCU key-agreement key {} {} {}", kem.keyId(), kem.created() ? "created in" : "loaded from", file);
        if (kem.created()) {
            audit.append(AuditEvent.builder("dcu", "dcu.kem-key.create").subject(file.toString())
                    .detail("keyId", kem.keyId()).build());
        }
        this.handler = new MeterKeysHandler(kem, CampaignHandlerComponent.lookup(component, KEYS),
                CampaignHandlerComponent.lookup(component, INVENTORY),
                CampaignHandlerComponent.lookup(component, CAMPAIGNS), audit);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return handler.handle(request);
    }

    @Override
    public Object state() {
        return handler.state();
    }
}
