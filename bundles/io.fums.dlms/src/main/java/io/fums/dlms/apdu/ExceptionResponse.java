package io.fums.dlms.apdu;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;
import java.util.Objects;

/**
 * exception-response (tag 0xD8): the server could not handle an APDU at all.
 * Encoded as the tag, state-error, service-error choice and, for
 * invocation-counter-error only, the expected invocation counter.
 *
 * @param stateError        why, at state level
 * @param serviceError      why, at service level
 * @param invocationCounter for {@link ServiceError#INVOCATION_COUNTER_ERROR}, the counter value; else 0
 */
public record ExceptionResponse(StateError stateError, ServiceError serviceError, long invocationCounter)
        implements Apdu {

    /** Tag of exception-response. */
    public static final int TAG = 0xD8;

    /** state-error. */
    public enum StateError {
        /** (1) service-not-allowed. */
        SERVICE_NOT_ALLOWED,
        /** (2) service-unknown. */
        SERVICE_UNKNOWN;

        /** The value on the wire. */
        public int code() {
            return ordinal() + 1;
        }
    }

    /** service-error. */
    public enum ServiceError {
        /** (1) operation-not-possible. */
        OPERATION_NOT_POSSIBLE,
        /** (2) service-not-supported. */
        SERVICE_NOT_SUPPORTED,
        /** (3) other-reason. */
        OTHER_REASON,
        /** (4) pdu-too-long. */
        PDU_TOO_LONG,
        /** (5) deciphering-error. */
        DECIPHERING_ERROR,
        /** (6) invocation-counter-error, with the counter. */
        INVOCATION_COUNTER_ERROR;

        /** The choice on the wire. */
        public int code() {
            return ordinal() + 1;
        }
    }

    /** Validates the counter. */
    public ExceptionResponse {
        Objects.requireNonNull(stateError, "stateError");
        Objects.requireNonNull(serviceError, "serviceError");
        if (invocationCounter < 0 || invocationCounter > 0xFFFF_FFFFL
                || invocationCounter != 0 && serviceError != ServiceError.INVOCATION_COUNTER_ERROR) {
            throw new IllegalArgumentException("invocation counter only with invocation-counter-error, 32 bits");
        }
    }

    /** An exception-response without invocation counter. */
    public static ExceptionResponse of(StateError stateError, ServiceError serviceError) {
        return new ExceptionResponse(stateError, serviceError, 0);
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter(8).u8(TAG).u8(stateError.code()).u8(serviceError.code());
        if (serviceError == ServiceError.INVOCATION_COUNTER_ERROR) {
            w.u32(invocationCounter);
        }
        return w.toByteArray();
    }

    static ExceptionResponse read(ByteReader r) throws DlmsCodecException {
        if (r.u8() != TAG) {
            throw r.error("not an exception-response");
        }
        int state = r.u8();
        int service = r.u8();
        if (state < 1 || state > StateError.values().length) {
            throw r.error("exception-response: unknown state-error " + state);
        }
        if (service < 1 || service > ServiceError.values().length) {
            throw r.error("exception-response: unknown service-error " + service);
        }
        ServiceError se = ServiceError.values()[service - 1];
        long counter = se == ServiceError.INVOCATION_COUNTER_ERROR ? r.u32() : 0;
        return new ExceptionResponse(StateError.values()[state - 1], se, counter);
    }
}
