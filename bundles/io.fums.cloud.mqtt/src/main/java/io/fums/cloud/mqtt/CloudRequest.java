package io.fums.cloud.mqtt;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Json;
import io.fums.crypto.VerifiedCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request that passed the router's checks, as given to
 * {@link RequestHandler#handle}. Immutable and thread-safe.
 *
 * <p>The router parses a body once and hands the tree down ({@link #body()},
 * since 1.4); its text ({@link #bodyJson()}) is the signed text for EXEC, and
 * is written from the tree only if a handler asks for it.
 */
public final class CloudRequest {

    private final String operation;
    private final RequestKind kind;
    /** Guarded by this; one of bodyJson and tree is set from the start, the other on first use. */
    private String bodyJson;
    private JsonObject tree;
    private final VerifiedCommand command;
    private final DeviceId dcuId;
    private final String requestId;
    private final Instant received;

    /**
     * A request. Built by the router (and by tests of handlers).
     *
     * @param operation the operation (last topic level)
     * @param kind      GET or EXEC
     * @param bodyJson  the request body, a JSON object text ({@code {}} for none);
     *                  for EXEC it is the body the operator signed
     * @param command   the admitted command for EXEC, null for GET
     * @param dcuId     this DCU
     * @param requestId the correlation data as hex (for logs), or a generated id
     * @param received  when the request arrived
     * @throws IllegalArgumentException if an EXEC request has no command or a GET request has one
     */
    public CloudRequest(String operation, RequestKind kind, String bodyJson, VerifiedCommand command, DeviceId dcuId,
                        String requestId, Instant received) {
        this(operation, kind, Objects.requireNonNull(bodyJson, "bodyJson"), null, command, dcuId, requestId, received);
    }

    private CloudRequest(String operation, RequestKind kind, String bodyJson, JsonObject tree, VerifiedCommand command,
                         DeviceId dcuId, String requestId, Instant received) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bodyJson = bodyJson;
        this.tree = tree;
        if ((kind == RequestKind.EXEC) != (command != null)) {
            throw new IllegalArgumentException("an EXEC request carries its admitted command, a GET request none");
        }
        this.command = command;
        this.dcuId = Objects.requireNonNull(dcuId, "dcuId");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.received = Objects.requireNonNull(received, "received");
    }

    /**
     * A request on a body the router has parsed. The tree becomes the
     * request's: the caller must not change it afterwards.
     *
     * @param body      the parsed body (an empty object for none); for EXEC the body the operator signed
     * @param bodyJson  its text when the caller has it (for EXEC, the signed text), or null: written on demand
     * @since 1.4
     * @see #CloudRequest(String, RequestKind, String, VerifiedCommand, DeviceId, String, Instant)
     */
    public static CloudRequest parsed(String operation, RequestKind kind, JsonObject body, String bodyJson,
                                      VerifiedCommand command, DeviceId dcuId, String requestId, Instant received) {
        return new CloudRequest(operation, kind, bodyJson, Objects.requireNonNull(body, "body"), command, dcuId,
                requestId, received);
    }

    /** The operation, e.g. {@code software.apply}. */
    public String operation() {
        return operation;
    }

    /** GET (read-only) or EXEC (state-changing). */
    public RequestKind kind() {
        return kind;
    }

    /** The body: a JSON object text, {@code {}} when the request had none. For EXEC, exactly what was signed. */
    public synchronized String bodyJson() {
        if (bodyJson == null) {
            bodyJson = Json.GSON.toJson(tree);
        }
        return bodyJson;
    }

    /**
     * The body as a tree, parsed once per request (by the router, or here on
     * the first call for a request built from text): a copy, the caller's to
     * keep and change.
     *
     * @return the body object, empty when the request had none
     * @throws FumsException {@code CMD_MALFORMED} if a body given as text is not a JSON object (the router's never is)
     * @since 1.4
     */
    public JsonObject body() throws FumsException {
        String text;
        synchronized (this) {
            if (tree != null) {
                return tree.deepCopy();
            }
            text = bodyJson;
        }
        JsonObject parsed = Json.parseObject(text.getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED,
                operation + " body");
        synchronized (this) {
            if (tree == null) {
                tree = parsed;
            }
            return tree.deepCopy();
        }
    }

    /** For EXEC: the admitted command (operator key id, nonce, validity); empty for GET. */
    public Optional<VerifiedCommand> command() {
        return Optional.ofNullable(command);
    }

    /** Who asked: the operator key id for EXEC, {@code cloud} for GET. */
    public String actor() {
        return command != null ? command.keyId() : "cloud";
    }

    /** This DCU. */
    public DeviceId dcuId() {
        return dcuId;
    }

    /** The request's correlation id (hex of the correlation data), for logs and audit details. */
    public String requestId() {
        return requestId;
    }

    /** When it arrived. */
    public Instant received() {
        return received;
    }

    @Override
    public String toString() {
        return kind + " " + operation + " [" + requestId + "]";
    }
}
