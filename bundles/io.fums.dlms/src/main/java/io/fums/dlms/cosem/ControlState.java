package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;

/**
 * control_state of the disconnect control object (class 70 attribute 3),
 * enum 0..2 (Blue Book). The supply is on only in {@link #CONNECTED}.
 *
 * @since 1.1
 */
public enum ControlState {
    /** (0) The output is open: the consumer is disconnected. */
    DISCONNECTED,
    /** (1) The output is closed: the consumer is connected. */
    CONNECTED,
    /** (2) The output is open and may be closed by a local (manual) action of the consumer. */
    READY_FOR_RECONNECTION;

    /** The enum value on the wire. */
    public int code() {
        return ordinal();
    }

    /** As the attribute value. */
    public DataValue toDataValue() {
        return new DataValue.Enumerated(code());
    }

    /** From the attribute value (enum 0..2). */
    public static ControlState fromDataValue(DataValue v) throws DlmsCodecException {
        if (!(v instanceof DataValue.Enumerated e)) {
            throw new DlmsCodecException("control_state: expected an enum, got " + v.type());
        }
        if (e.value() >= values().length) {
            throw new DlmsCodecException("control_state: unknown value " + e.value());
        }
        return values()[e.value()];
    }
}
