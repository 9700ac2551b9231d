package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit entry of a signed operation on one meter: the operator (actor),
 * the signers' key ids, the request id and the signed payload's hash, what
 * the operation adds, and the failure if there was one (a request-level code
 * is a refusal, the meter's a failure).
 */
final class OperatorAudit {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAudit.class);

    private OperatorAudit() {
    }

    static void append(AuditLog audit, CloudRequest request, String action, String meterId, List<String> signers,
                       FumsException failure, Consumer<AuditEvent.Builder> details) {
        append(audit, request, action, meterId, signers, failure, OperatorAudit::refusal, details);
    }

    /** As above, {@code refusal} telling which failure codes are refusals (nothing attempted). */
    static void append(AuditLog audit, CloudRequest request, String action, String meterId, List<String> signers,
                       FumsException failure, Predicate<ErrorCode> refusal, Consumer<AuditEvent.Builder> details) {
        AuditEvent.Builder b = AuditEvent.builder(request.actor(), action).subject(meterId)
                .detail("signers", String.join(",", signers)).detail("request", request.requestId());
        request.command().ifPresent(c -> b.detail("payloadSha256", c.payloadSha256()));
        details.accept(b);
        if (failure != null) {
            b.detail("message", String.valueOf(failure.getMessage()));
            if (refusal.test(failure.code())) {
                b.refused(failure.code());
            } else {
                b.failed(failure.code());
            }
        }
        try {
            audit.append(b.build());
        } catch (FumsException e) {
            LOG.error("auditing {} of meter {} failed: {}", action, meterId, e.toString());
        }
    }

    /** A request-level code (nothing was attempted) rather than a failure of the meter. */
    static boolean refusal(ErrorCode code) {
        return code.category() == ErrorCode.Category.COMMAND;
    }
}
