package io.fums.cloud.mqtt;

import io.fums.api.device.DeviceId;
import io.fums.crypto.VerifiedCommand;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request that passed the router's checks, as given to
 * {@link RequestHandler#handle}. Immutable and thread-safe.
 */
public final class CloudRequest {

    private final String operation;
    private final RequestKind kind;
    private final String bodyJson;
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
        this.operation = Objects.requireNonNull(operation, "operation");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bodyJson = Objects.requireNonNull(bodyJson, "bodyJson");
        if ((kind == RequestKind.EXEC) != (command != null)) {
            throw new IllegalArgumentException("an EXEC request carries its admitted command, a GET request none");
        }
        this.command = command;
        this.dcuId = Objects.requireNonNull(dcuId, "dcuId");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.received = Objects.requireNonNull(received, "received");
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
    public String bodyJson() {
        return bodyJson;
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
