package io.fums.cloud.mqtt;

import io.fums.api.error.FumsException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves operations of the cloud's request/response API. A request arrives on
 * {@code fums/v1/{dcuId}/req/{operation}} with an MQTT 5 Response Topic and
 * Correlation Data; the cloud link's router finds the handler registered for
 * the operation, checks the request, calls {@link #handle} on a worker
 * thread, and publishes the response {@code {status, code, message, data}}.
 *
 * <h2>Registration (whiteboard)</h2>
 * Register an implementation as an OSGi service with these properties:
 * <ul>
 * <li>{@value #OPERATIONS} (String or String[], required): every operation it
 *     serves, each {@code [a-z][a-z0-9.-]{0,63}}, e.g. {@code meters.list}.</li>
 * <li>{@value #READ_ONLY} (String or String[], optional): the subset of
 *     those operations that change nothing (GET semantics). Every other
 *     operation is state-changing (EXEC semantics).</li>
 * <li>{@value #DUAL_CONTROL} (String or String[], optional, since 1.2): the
 *     state-changing operations that need the signatures of two distinct
 *     operator keys over the same command (dual control, SEC-4: one
 *     compromised operator key must not be enough, e.g. to cut a home off).
 *     The router refuses such a request signed by one key, or by the same key
 *     twice, with {@code CMD_DUAL_CONTROL_REQUIRED} before its nonce is
 *     used.</li>
 * </ul>
 * State-changing is the default on purpose: forgetting to declare an
 * operation read-only makes it require a signature, never the opposite.
 * When two services claim the same operation, the one with the highest
 * service ranking (then the lowest service id) serves it.
 *
 * <h2>What the router checks before calling the handler</h2>
 * Payload size, JSON syntax (the payload is a JSON object, or empty for
 * {@code {}}), and for a state-changing operation the operator's signed
 * command envelope in the user property {@code fums-signature}: signature,
 * target DCU, validity period, replay, and that the signed operation is this
 * operation and the signed body equals the payload
 * ({@code io.fums.security.CommandGuard}). A request that fails a check is
 * refused with its error code and audited; the handler never sees it.
 *
 * <h2>Threading</h2>
 * {@link #handle} is called on one of the router's worker threads and may
 * block (a software swap takes minutes); several requests may be handled
 * concurrently, so implementations must be thread-safe.
 */
@ConsumerType
public interface RequestHandler {

    /** Service property: the operations served (String or String[]). */
    String OPERATIONS = "fums.cloud.operations";

    /** Service property: the operations among {@link #OPERATIONS} that change nothing (String or String[]). */
    String READ_ONLY = "fums.cloud.operations.readonly";

    /**
     * Service property: the state-changing operations among {@link #OPERATIONS}
     * that need two distinct operator signatures (String or String[]).
     *
     * @since 1.2
     */
    String DUAL_CONTROL = "fums.cloud.operations.dualcontrol";

    /**
     * Handles one request.
     *
     * @param request the checked request
     * @return the response; {@link CloudResponse#ok(Object)} in the usual case
     * @throws FumsException to refuse or fail with a code; the router sends
     *     {@code status} {@code refused} for the request-level codes
     *     ({@code CMD_*}, {@code PKG_*}, {@code CONFIG_*}) and {@code failed}
     *     for the others, with the exception's message
     */
    CloudResponse handle(CloudRequest request) throws FumsException;
}
