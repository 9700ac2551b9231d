package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.support.Body;
import io.fums.meter.access.MeterInventory;
import io.fums.store.AuditLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code meters.clear-suspect} (EXEC, one operator signature; SEC-8): an
 * operator looked at a meter an anomaly alarm marked suspect and clears the
 * mark, so that campaigns include it again. Every attempt that reaches this
 * handler is audited ({@code meter.clear-suspect}) with the signer, the
 * meter, the reason it was suspect and the outcome. Clearing a meter that is
 * not suspect changes nothing and says so.
 */
public final class SuspectHandler implements RequestHandler {

    public static final String OPERATION = "meters.clear-suspect";
    static final String ACTION = "meter.clear-suspect";

    private final Supplier<MeterInventory> inventory;
    private final AuditLog audit;

    /**
     * @param inventory the inventory, or a supplier of null while it is absent
     * @param audit     where every attempt is audited
     */
    public SuspectHandler(Supplier<MeterInventory> inventory, AuditLog audit) {
        this.inventory = inventory;
        this.audit = audit;
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        if (!OPERATION.equals(request.operation())) {
            throw new FumsException(ErrorCode.CMD_UNKNOWN, "not " + OPERATION + ": " + request.operation());
        }
        try {
            return clear(request);
        } catch (NoClassDefFoundError e) {
            // the meter packages are optional imports: without the bundle they are not wired
            throw new FumsException(ErrorCode.CMD_UNKNOWN, OPERATION + ": the meter inventory (io.fums.meter.reading) is "
                    + "not installed on this DCU");
        }
    }

    private CloudResponse clear(CloudRequest request) throws FumsException {
        List<String> signers = request.command().map(c -> c.signerKeyIds()).orElse(List.of());
        String meterId = "?";
        Optional<String> reason;
        try {
            meterId = Body.of(request, Set.of("meterId")).string("meterId");
            MeterInventory i = inventory.get();
            if (i == null) {
                throw new FumsException(ErrorCode.CMD_UNKNOWN, OPERATION + ": the meter inventory (io.fums.meter.reading) "
                        + "is not running on this DCU");
            }
            if (i.meter(meterId).isEmpty()) {
                throw new FumsException(ErrorCode.METER_UNKNOWN, OPERATION + ": no meter " + meterId
                        + " in this DCU's inventory");
            }
            reason = i.suspectReason(meterId);
            if (reason.isPresent()) {
                i.clearSuspect(meterId);
            }
        } catch (FumsException e) {
            audit(request, meterId, signers, null, e);
            throw e;
        }
        audit(request, meterId, signers, reason.orElse(null), null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("meterId", meterId);
        data.put("wasSuspect", reason.isPresent());
        reason.ifPresent(r -> data.put("reason", r));
        data.put("suspect", false);
        data.put("signers", signers);
        return CloudResponse.ok(reason.isPresent() ? "meter " + meterId + " cleared: campaigns include it again"
                : "meter " + meterId + " is not suspect: nothing to clear", data);
    }

    private void audit(CloudRequest request, String meterId, List<String> signers, String reason, FumsException failure) {
        OperatorAudit.append(audit, request, ACTION, meterId, signers, failure, b -> {
            if (reason != null) {
                b.detail("reason", reason);
            }
        });
    }
}
