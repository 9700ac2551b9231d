package io.fums.emulator.dlms.server;

import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The COSEM objects of a logical device, as a DLMS server session serves
 * them: the meter emulator implements this, the server session (association,
 * ciphering, block transfer, framing) calls it once per decoded request.
 *
 * <p>Called from the session's thread, one request at a time per
 * association. Implementations answer quickly: a long operation (image
 * verification, activation) is started and reported through the object's
 * status attribute, as the Blue Book prescribes for class 18.
 */
@ConsumerType
public interface CosemObjectModel {

    /** The outcome of a GET: a value, or the reason there is none. */
    record GetOutcome(DataValue value, DataAccessResult error) {
        public static GetOutcome of(DataValue value) {
            return new GetOutcome(value, null);
        }

        public static GetOutcome failed(DataAccessResult error) {
            return new GetOutcome(null, error);
        }
    }

    /** The outcome of an ACTION: the result and optional return parameters. */
    record ActionOutcome(io.fums.dlms.apdu.ActionResult result, DataValue returnValue) {
        public static ActionOutcome success() {
            return new ActionOutcome(io.fums.dlms.apdu.ActionResult.SUCCESS, null);
        }
    }

    /** Reads an attribute. {@code access} is null without selective access. */
    GetOutcome get(CosemAttributeDescriptor attribute, SelectiveAccess access);

    /**
     * Whether a GET-Request-With-List of {@code attributes} is served item by
     * item (the default). A model that returns false gets the whole request
     * refused with an exception-response (service-not-allowed /
     * operation-not-possible): some meters refuse a list naming an object they
     * lack instead of answering that item object-undefined.
     *
     * @since 1.2
     */
    default boolean servesList(List<CosemAttributeDescriptor> attributes) {
        return true;
    }

    /** Writes an attribute. */
    DataAccessResult set(CosemAttributeDescriptor attribute, DataValue value);

    /** Invokes a method; {@code parameters} is null when the request has none. */
    ActionOutcome action(CosemMethodDescriptor method, DataValue parameters);
}
