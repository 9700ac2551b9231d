package io.fums.meter.reading;

import io.fums.dlms.cosem.ControlState;
import java.time.Instant;
import java.util.Objects;

/**
 * A meter's supply switch as it answered (disconnect control, class 70).
 *
 * @param meterId      the meter's id in the inventory
 * @param outputState  attribute 2: true when the supply is connected
 * @param controlState attribute 3
 * @param controlMode  attribute 4, 0..6: which triggers move the switch (Blue Book)
 * @param readAt       when the answer arrived (DCU clock)
 * @since 1.2
 */
public record SupplyState(String meterId, boolean outputState, ControlState controlState, int controlMode,
                          Instant readAt) {

    /** Checks that every component is present. */
    public SupplyState {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(controlState, "controlState");
        Objects.requireNonNull(readAt, "readAt");
    }
}
