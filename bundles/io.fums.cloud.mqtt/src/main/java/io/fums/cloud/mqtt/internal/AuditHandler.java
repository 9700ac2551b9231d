package io.fums.cloud.mqtt.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestHandler;
import io.fums.cloud.mqtt.client.Json;
import io.fums.cloud.mqtt.support.Body;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.AuditVerification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The read-only {@code audit.query} and {@code audit.verify} operations over the {@link AuditLog}. */
public final class AuditHandler implements RequestHandler {

    /** Every operation served (all read-only). */
    public static final String[] OPERATIONS = {"audit.query", "audit.verify"};

    private final AuditLog audit;

    public AuditHandler(AuditLog audit) {
        this.audit = audit;
    }

    /** The service properties this handler registers with. */
    public static Map<String, Object> serviceProperties() {
        return Map.of(RequestHandler.OPERATIONS, OPERATIONS, RequestHandler.READ_ONLY, OPERATIONS);
    }

    @Override
    public CloudResponse handle(CloudRequest request) throws FumsException {
        return switch (request.operation()) {
            case "audit.query" -> query(request);
            case "audit.verify" -> verify(request);
            default -> throw new FumsException(ErrorCode.CMD_UNKNOWN, "not an audit operation: " + request.operation());
        };
    }

    private CloudResponse query(CloudRequest request) throws FumsException {
        Body body = Body.of(request, Set.of("since", "until", "action", "outcome", "limit"));
        AuditQuery.Builder q = AuditQuery.builder();
        Instant since = body.optInstant("since");
        Instant until = body.optInstant("until");
        if (since != null) {
            q.since(since);
        }
        if (until != null) {
            q.until(until);
        }
        String action = body.optString("action");
        if (action != null) {
            q.action(action);
        }
        String outcome = body.optString("outcome");
        if (outcome != null) {
            try {
                q.outcome(AuditOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new FumsException(ErrorCode.CMD_MALFORMED, "audit.query: outcome must be OK, REFUSED or FAILED");
            }
        }
        q.limit((int) body.optLong("limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (AuditEntry e : audit.query(q.build())) {
            entries.add(entry(e));
        }
        return CloudResponse.ok(Map.of("entries", entries));
    }

    private CloudResponse verify(CloudRequest request) throws FumsException {
        Body.of(request, Set.of());
        AuditVerification v = audit.verify();
        Optional<AuditEntry> last = audit.last();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ok", v.ok());
        data.put("entriesChecked", v.entriesChecked());
        data.put("brokenSeq", v.ok() ? null : v.brokenSeq());
        data.put("problem", v.problem() == null ? null : v.problem().name());
        data.put("message", v.message());
        data.put("lastSeq", last.map(AuditEntry::seq).orElse(null));
        data.put("lastHash", last.map(AuditEntry::hashHex).orElse(null));
        return CloudResponse.ok(v.message(), data);
    }

    static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("seq", e.seq());
        x.put("time", e.time());
        x.put("actor", e.actor());
        x.put("action", e.action());
        x.put("outcome", e.outcome().name());
        x.put("reason", e.reason());
        x.put("subject", e.subject());
        x.put("detail", detail(e));
        x.put("hash", e.hashHex());
        return x;
    }

    /** The detail as JSON, or its stored text if it does not parse. */
    private static Object detail(AuditEntry e) {
        if (e.detailJson() == null) {
            return null;
        }
        try {
            return Json.parseObject(e.detailJson().getBytes(StandardCharsets.UTF_8), ErrorCode.STORAGE_CORRUPT, "detail");
        } catch (FumsException ex) {
            return e.detailJson();
        }
    }
}
