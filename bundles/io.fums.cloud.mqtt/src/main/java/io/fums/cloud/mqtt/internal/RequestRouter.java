package io.fums.cloud.mqtt.internal;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.RequestKind;
import io.fums.cloud.mqtt.ResponseStatus;
import io.fums.cloud.mqtt.client.Json;
import io.fums.cloud.mqtt.client.Topics;
import io.fums.crypto.VerifiedCommand;
import io.fums.security.CommandGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests ({@code fums/v1/{dcuId}/req/{operation}}) to their handler
 * and publishes the response to the request's Response Topic with its
 * Correlation Data.
 *
 * <p>Checks, in order, each refusal audited through
 * {@link CommandGuard#refuse} (or by {@link CommandGuard#admit} itself) and
 * answered with {@code status: refused}: Response Topic present and without
 * wildcards ({@code CMD_MALFORMED}; no answer is possible); Response Topic
 * outside this DCU's own topic tree {@code fums/v1/{dcuId}/...}
 * ({@code CMD_RESPONSE_TOPIC_FORBIDDEN}; no answer is sent: a requester must
 * not make the DCU publish forged state or events under its identity); operation name
 * ({@code CMD_MALFORMED}); payload size ({@code CMD_TOO_LARGE}); a handler
 * for the operation ({@code CMD_UNKNOWN}); payload a JSON object
 * ({@code CMD_MALFORMED}); for a state-changing operation the signed
 * envelope in {@value Topics#SIGNATURE_PROPERTY} ({@code CommandGuard.admit}:
 * {@code CMD_UNSIGNED}, {@code CMD_SIGNATURE_INVALID}, {@code CMD_EXPIRED},
 * {@code CMD_WRONG_TARGET}, {@code CMD_REPLAYED}, ...) and a payload equal to
 * the signed body ({@code CMD_MALFORMED}, checked inside the guard before the
 * command's nonce is registered, so a copy with another body does not burn
 * it). Only then is the handler called.
 */
public final class RequestRouter {

    /** The channel named in audit entries. */
    public static final String CHANNEL = "mqtt";
    /** At most one audit entry for dropped requests per this many seconds (a flood must not fill the audit log). */
    static final long DROP_AUDIT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final DeviceId dcu;
    private final HandlerRegistry handlers;
    private final CommandGuard guard;
    private final Transport transport;
    private final int maxRequestBytes;
    private final ExecutorService workers;
    private final Clock clock;
    private final long handlerGraceUntilNanos;
    private final AtomicLong dropped = new AtomicLong();
    private long droppedAtLastAudit = -1;
    private long lastDropAuditNanos;

    /**
     * @param handlerGraceMillis for this long after start, a request for an
     *     operation without a handler waits for one to be registered (bundles
     *     still starting) before it is refused as unknown
     */
    public RequestRouter(DeviceId dcu, HandlerRegistry handlers, CommandGuard guard, Transport transport,
                         int maxRequestBytes, ExecutorService workers, Clock clock, long handlerGraceMillis) {
        this.dcu = dcu;
        this.handlers = handlers;
        this.guard = guard;
        this.transport = transport;
        this.maxRequestBytes = maxRequestBytes;
        this.workers = workers;
        this.clock = clock;
        this.handlerGraceUntilNanos = System.nanoTime() + handlerGraceMillis * 1_000_000L;
    }

    /**
     * The request workers: {@code threads} threads and at most {@code queue}
     * requests waiting for one; a request beyond that is rejected (and
     * dropped by {@link #submit}).
     */
    public static ThreadPoolExecutor workers(int threads, int queue, ThreadFactory factory) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Takes a request from the MQTT callback thread. A QoS 1 request is
     * acknowledged to the broker when a worker starts on it, so the receive
     * maximum bounds how many of those wait here; QoS 0 requests are not
     * flow-controlled by the broker, so the workers' queue is bounded: a
     * request that finds it full is dropped ({@code CMD_QUEUE_FULL}: counted,
     * acknowledged so the broker does not send it again, audited at most once
     * per {@value #DROP_AUDIT_SECONDS} s with the number dropped since).
     */
    public void submit(Incoming m) {
        try {
            workers.execute(() -> {
                m.ack().run();
                CloudResponse r = process(m);
                respond(m, r);
            });
        } catch (RejectedExecutionException e) {
            if (workers.isShutdown()) {
                LOG.warn("request on {} dropped: the router is stopping", m.topic());
            } else {
                drop(m);
            }
        }
    }

    /** Requests dropped since start because the request queue was full. */
    public long droppedRequests() {
        return dropped.get();
    }

    private synchronized void drop(Incoming m) {
        m.ack().run();
        long total = dropped.incrementAndGet();
        long now = System.nanoTime();
        if (droppedAtLastAudit >= 0 && now - lastDropAuditNanos < DROP_AUDIT_SECONDS * 1_000_000_000L) {
            return;
        }
        long since = total - Math.max(0, droppedAtLastAudit);
        droppedAtLastAudit = total;
        lastDropAuditNanos = now;
        String op = Topics.operationOf(dcu, m.topic());
        String opName = op == null || !Topics.OPERATION.matcher(op).matches() ? "-" : op;
        guard.refuse(new FumsException(ErrorCode.CMD_QUEUE_FULL, "the request queue is full: a request for " + opName
                + " (QoS " + m.qos() + ", " + m.payload().length + " bytes) was dropped, nothing was done; " + since
                + " dropped since the last such entry, " + total + " since start"), opName, CHANNEL);
    }

    /** Checks and handles one request; never throws. Null when no response can be sent. */
    CloudResponse process(Incoming m) {
        String op = Topics.operationOf(dcu, m.topic());
        String opName = op == null || !Topics.OPERATION.matcher(op).matches() ? "-" : op;
        try {
            return handle(m, op);
        } catch (FumsException e) {
            return CloudResponse.error(ResponseStatus.REFUSED, e.code(), e.getMessage(), null);
        } catch (Refusal r) {
            FumsException audited = guard.refuse(r.why, opName, CHANNEL);
            return CloudResponse.error(ResponseStatus.REFUSED, audited.code(), audited.getMessage(), null);
        }
    }

    private CloudResponse handle(Incoming m, String op) throws FumsException, Refusal {
        if (!hasResponseTopic(m)) {
            throw new Refusal(ErrorCode.CMD_MALFORMED, "request on " + m.topic()
                    + " has no usable MQTT 5 Response Topic: nothing was done");
        }
        if (Topics.isOwn(dcu, m.responseTopic())) {
            throw new Refusal(ErrorCode.CMD_RESPONSE_TOPIC_FORBIDDEN, "request on " + m.topic()
                    + " names Response Topic " + m.responseTopic() + " inside this DCU's own topic tree "
                    + Topics.root(dcu) + "/ (where it publishes only its own state and events): nothing was done, "
                    + "no response is sent");
        }
        if (op == null || !Topics.OPERATION.matcher(op).matches()) {
            throw new Refusal(ErrorCode.CMD_MALFORMED, "operation name must match " + Topics.OPERATION.pattern());
        }
        if (m.payload().length > maxRequestBytes) {
            throw new Refusal(ErrorCode.CMD_TOO_LARGE, "request payload of " + m.payload().length
                    + " bytes exceeds the limit of " + maxRequestBytes);
        }
        Optional<HandlerRegistry.Route> route = handlers.route(op);
        if (route.isEmpty()) {
            long graceLeft = (handlerGraceUntilNanos - System.nanoTime()) / 1_000_000L;
            route = graceLeft > 0 ? handlers.await(op, graceLeft) : route;
        }
        if (route.isEmpty()) {
            throw new Refusal(ErrorCode.CMD_UNKNOWN, "unknown operation '" + op + "'; this DCU serves "
                    + handlers.operations());
        }
        if (m.userPropertyCount(Topics.SIGNATURE_PROPERTY) > 1) {
            throw new Refusal(ErrorCode.CMD_MALFORMED, "more than one " + Topics.SIGNATURE_PROPERTY + " user property");
        }
        JsonObject body = parseBody(m.payload());
        HandlerRegistry.Route r = route.get();
        if (r.readOnly()) {
            // the tree goes down as parsed; its text is written only if a handler asks for it
            return call(r, CloudRequest.parsed(op, RequestKind.GET, body, null, null, dcu, requestId(m.correlationData()),
                    clock.instant()));
        }
        byte[] envelope = m.userProperty(Topics.SIGNATURE_PROPERTY)
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        boolean payloadGiven = m.payload().length > 0;
        JsonObject[] signedBody = new JsonObject[1];
        // Inside the guard, before the nonce is registered: a copy with another body must not burn it.
        VerifiedCommand command = guard.admit(envelope, op, CHANNEL, c -> {
            if (r.dualControl() && c.signerKeyIds().size() < 2) {
                throw new FumsException(ErrorCode.CMD_DUAL_CONTROL_REQUIRED, op + " needs the signatures of two "
                        + "distinct operator keys over the same command (dual control); it carries " + c.signerKeyIds()
                        + ": have a second operator co-sign it; nothing was done");
            }
            JsonObject signed = Json.parseObject(c.bodyJson().getBytes(StandardCharsets.UTF_8),
                    ErrorCode.CMD_MALFORMED, "signed body");
            if (payloadGiven && !signed.equals(body)) {
                throw new FumsException(ErrorCode.CMD_MALFORMED, "the request payload differs from the body the "
                        + "operator signed: send the signed body (or an empty payload); nothing was done");
            }
            signedBody[0] = signed;
        });
        // the signed body, parsed once above, goes down with its signed text
        CloudRequest request = signedBody[0] == null
                ? new CloudRequest(op, RequestKind.EXEC, command.bodyJson(), command, dcu, requestId(m.correlationData()),
                        clock.instant())
                : CloudRequest.parsed(op, RequestKind.EXEC, signedBody[0], command.bodyJson(), command, dcu,
                        requestId(m.correlationData()), clock.instant());
        return call(r, request);
    }

    private CloudResponse call(HandlerRegistry.Route r, CloudRequest request) {
        try {
            CloudResponse response = r.handler().handle(request);
            if (response == null) {
                return CloudResponse.error(ResponseStatus.FAILED, ErrorCode.INTERNAL, "the handler of "
                        + request.operation() + " gave no response", null);
            }
            return response;
        } catch (FumsException e) {
            return CloudResponse.error(statusOf(e.code()), e.code(), e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.error("handler of {} failed", request, e);
            return CloudResponse.error(ResponseStatus.FAILED, ErrorCode.INTERNAL, request.operation()
                    + " failed: " + e, null);
        }
    }

    /** Request-level codes (nothing was changed) versus failures of an attempted operation. */
    static ResponseStatus statusOf(ErrorCode code) {
        return switch (code.category()) {
            case COMMAND, PACKAGE, CONFIGURATION -> ResponseStatus.REFUSED;
            default -> ResponseStatus.FAILED;
        };
    }

    private static JsonObject parseBody(byte[] payload) throws Refusal {
        if (payload.length == 0) {
            return new JsonObject();
        }
        try {
            return Json.parseObject(payload, ErrorCode.CMD_MALFORMED, "request payload");
        } catch (FumsException e) {
            throw new Refusal(e.code(), e.getMessage());
        }
    }

    /** Publishes the response (QoS 1) to the Response Topic; null or no Response Topic: nothing. */
    void respond(Incoming m, CloudResponse r) {
        if (r == null || !hasResponseTopic(m) || Topics.isOwn(dcu, m.responseTopic())) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("status", r.status().wire());
        o.addProperty("code", r.codeName());
        o.addProperty("message", r.message());
        o.add("data", Json.tree(r.data()));
        Outgoing out = new Outgoing(m.responseTopic(), Json.bytes(o), 1, false, m.correlationData(), List.of());
        try {
            transport.publish(out, new Transport.Completion() {
                @Override
                public void done() {
                    // delivered to the broker
                }

                @Override
                public void failed(Throwable why) {
                    LOG.warn("response to {} not delivered: {}", m.topic(), why.toString());
                }
            });
        } catch (Transport.NotConnectedException e) {
            LOG.warn("response to {} not sent ({}): {}", m.topic(), r, e.getMessage());
        }
    }

    private static boolean hasResponseTopic(Incoming m) {
        String t = m.responseTopic();
        return t != null && !t.isEmpty() && !t.contains("+") && !t.contains("#");
    }

    private static String requestId(byte[] correlation) {
        if (correlation == null || correlation.length == 0) {
            return "local-" + UUID.randomUUID();
        }
        String hex = HexFormat.of().formatHex(correlation);
        return hex.length() > 64 ? hex.substring(0, 64) : hex;
    }

    /** A refusal before the handler, to be audited through the guard. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final FumsException why;

        Refusal(ErrorCode code, String message) {
            super(message, null, false, false);
            this.why = new FumsException(code, message);
        }
    }
}
