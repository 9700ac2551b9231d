package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;

/** image_transfer_status (class 18 attribute 6), enum 0..7 (Blue Book). */
public enum ImageTransferStatus {
    /** (0) Image transfer not initiated. */
    TRANSFER_NOT_INITIATED,
    /** (1) Image transfer initiated. */
    TRANSFER_INITIATED,
    /** (2) Image verification initiated. */
    VERIFICATION_INITIATED,
    /** (3) Image verification successful. */
    VERIFICATION_SUCCESSFUL,
    /** (4) Image verification failed. */
    VERIFICATION_FAILED,
    /** (5) Image activation initiated. */
    ACTIVATION_INITIATED,
    /** (6) Image activation successful. */
    ACTIVATION_SUCCESSFUL,
    /** (7) Image activation failed. */
    ACTIVATION_FAILED;

    /** The enum value on the wire. */
    public int code() {
        return ordinal();
    }

    /** As the attribute value. */
    public DataValue toDataValue() {
        return new DataValue.Enumerated(code());
    }

    /** From the attribute value (enum 0..7). */
    public static ImageTransferStatus fromDataValue(DataValue v) throws DlmsCodecException {
        if (!(v instanceof DataValue.Enumerated e)) {
            throw new DlmsCodecException("image_transfer_status: expected an enum, got " + v.type());
        }
        if (e.value() >= values().length) {
            throw new DlmsCodecException("image_transfer_status: unknown value " + e.value());
        }
        return values()[e.value()];
    }
}
