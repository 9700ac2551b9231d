package io.fums.cloud.mqtt.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudConnection;
import io.fums.cloud.mqtt.CloudPublisher;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.StateContributor;
import io.fums.deploy.SoftwareDeployment;
import io.fums.store.AuditLog;
import io.fums.store.StorageSpace;
import java.time.Clock;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Registers the {@link SoftwareHandler} (software.* operations and the {@code software} state section). */
@Component(service = {RequestHandler.class, StateContributor.class}, configurationPid = CloudSettings.PID,
        property = {
            RequestHandler.OPERATIONS + "=software.list",
            RequestHandler.OPERATIONS + "=software.history",
            RequestHandler.OPERATIONS + "=software.apply",
            RequestHandler.OPERATIONS + "=software.rollback",
            RequestHandler.READ_ONLY + "=software.list",
            RequestHandler.READ_ONLY + "=software.history",
            StateContributor.SECTION + "=" + SoftwareHandler.SECTION
        })
public final class SoftwareHandlerComponent implements RequestHandler, StateContributor {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CloudPublisher publisher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CloudConnection connection;

    private final SoftwareHandler handler;

    @Activate
    public SoftwareHandlerComponent(BundleContext context, CloudConfig config, @Reference SoftwareDeployment deployment,
                                    @Reference AuditLog audit, @Reference Clock clock, @Reference StorageSpace space)
            throws FumsException {
        CloudSettings s = CloudSettings.from(config, System::getenv, context::getProperty);
        this.handler = new SoftwareHandler(deployment, ArtifactFetcher.of(s, space), audit, () -> publisher, () -> connection,
                clock);
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
