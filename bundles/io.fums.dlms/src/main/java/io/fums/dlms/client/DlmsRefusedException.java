package io.fums.dlms.client;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;

/**
 * The meter understood a request and refused it (code METER_REFUSED): a
 * data-access-result or action-result other than success, or an
 * exception-response. The meter's own result is kept for callers that act on
 * it (e.g. image_verify answering temporary-failure while it still works).
 */
public class DlmsRefusedException extends DlmsException {

    private static final long serialVersionUID = 1L;

    private final transient DataAccessResult dataAccessResult;
    private final transient ActionResult actionResult;

    /** A refusal; at most one of the results is set. */
    public DlmsRefusedException(String message, DataAccessResult dataAccessResult, ActionResult actionResult) {
        super(ErrorCode.METER_REFUSED, message);
        this.dataAccessResult = dataAccessResult;
        this.actionResult = actionResult;
    }

    /** The data-access-result of a refused GET or SET, or null. */
    public DataAccessResult dataAccessResult() {
        return dataAccessResult;
    }

    /** The action-result of a refused ACTION, or null. */
    public ActionResult actionResult() {
        return actionResult;
    }
}
