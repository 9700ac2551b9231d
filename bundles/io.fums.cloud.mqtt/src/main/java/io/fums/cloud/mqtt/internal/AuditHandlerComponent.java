package io.fums.cloud.mqtt.internal;

import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.store.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registers the {@link AuditHandler} (audit.query, audit.verify; read-only). */
@Component(service = RequestHandler.class, property = {
    RequestHandler.OPERATIONS + "=audit.query",
    RequestHandler.OPERATIONS + "=audit.verify",
    RequestHandler.READ_ONLY + "=audit.query",
    RequestHandler.READ_ONLY + "=audit.verify"
})
public final class AuditHandlerComponent implements RequestHandler {

    private final AuditHandler handler;

    @Activate
    public AuditHandlerComponent(@Reference AuditLog audit) {
        this.handler = new AuditHandler(audit);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return handler.handle(request);
    }
}
