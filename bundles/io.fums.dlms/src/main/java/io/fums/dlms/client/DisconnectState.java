package io.fums.dlms.client;

import io.fums.dlms.cosem.ControlState;
import java.util.Objects;

/**
 * What a meter's disconnect control object (class 70, 0-0:96.3.10.255) says.
 *
 * @param outputState  attribute 2: true when the supply is connected
 * @param controlState attribute 3
 * @param controlMode  attribute 4, 0..6: which triggers move the state (Blue
 *                     Book); 0 means the object is always connected, and in
 *                     modes 1, 3, 5 and 6 a remote reconnection only arms the
 *                     meter ({@link ControlState#READY_FOR_RECONNECTION}): the
 *                     consumer closes it locally
 * @since 1.2
 */
public record DisconnectState(boolean outputState, ControlState controlState, int controlMode) {

    /** Rejects a null state. */
    public DisconnectState {
        Objects.requireNonNull(controlState, "controlState");
    }
}
