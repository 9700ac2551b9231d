package io.fums.dlms.apdu;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;

/**
 * confirmed-service-error (tag 0x0E): a server's refusal of a confirmed
 * service, e.g. of the InitiateRequest in an AARE. Encoded as the tag, the
 * service choice, the ServiceError choice and its enumerated value.
 *
 * @param service    ConfirmedServiceError choice, e.g. {@link #INITIATE_ERROR} (1), 1..19
 * @param errorClass ServiceError choice, e.g. {@link #CLASS_INITIATE} (6), 0..10
 * @param value      the enumerated error within the class, 0..255
 */
public record ConfirmedServiceError(int service, int errorClass, int value) implements Apdu {

    /** Tag of confirmed-service-error. */
    public static final int TAG = 0x0E;
    /** Service choice initiateError [1]. */
    public static final int INITIATE_ERROR = 1;
    /** ServiceError choice initiate [6]. */
    public static final int CLASS_INITIATE = 6;
    /** initiate error: other. */
    public static final int INITIATE_OTHER = 0;
    /** initiate error: dlms-version-too-low. */
    public static final int INITIATE_DLMS_VERSION_TOO_LOW = 1;
    /** initiate error: incompatible-conformance. */
    public static final int INITIATE_INCOMPATIBLE_CONFORMANCE = 2;
    /** initiate error: pdu-size-too-short. */
    public static final int INITIATE_PDU_SIZE_TOO_SHORT = 3;
    /** initiate error: refused-by-the-VDE-Handler. */
    public static final int INITIATE_REFUSED_BY_VDE_HANDLER = 4;

    /** Validates the ranges. */
    public ConfirmedServiceError {
        if (service < 1 || service > 19 || errorClass < 0 || errorClass > 10 || value < 0 || value > 255) {
            throw new IllegalArgumentException("confirmed-service-error out of range");
        }
    }

    /** An initiateError of class initiate with the given value. */
    public static ConfirmedServiceError initiateError(int value) {
        return new ConfirmedServiceError(INITIATE_ERROR, CLASS_INITIATE, value);
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(4).u8(TAG).u8(service).u8(errorClass).u8(value).toByteArray();
    }

    static ConfirmedServiceError read(ByteReader r) throws DlmsCodecException {
        if (r.u8() != TAG) {
            throw r.error("not a confirmed-service-error");
        }
        int service = r.u8();
        int errorClass = r.u8();
        int value = r.u8();
        if (service < 1 || service > 19 || errorClass > 10) {
            throw r.error("confirmed-service-error: unknown choice " + service + "/" + errorClass);
        }
        return new ConfirmedServiceError(service, errorClass, value);
    }
}
