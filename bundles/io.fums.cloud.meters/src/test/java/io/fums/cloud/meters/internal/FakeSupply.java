package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.cosem.ControlState;
import io.fums.meter.reading.MeterSupply;
import io.fums.meter.reading.SupplyState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Meters' supply switches for handler unit tests: every meter starts
 * connected in control_mode 4 (direct remote reconnection), or the mode set;
 * counts the methods that reached a meter.
 */
final class FakeSupply implements MeterSupply {

    final Map<String, ControlState> states = new HashMap<>();
    final Map<String, Integer> modes = new HashMap<>();
    int methods;

    private SupplyState of(String meterId) {
        ControlState s = states.getOrDefault(meterId, ControlState.CONNECTED);
        return new SupplyState(meterId, s == ControlState.CONNECTED, s, modes.getOrDefault(meterId, 4), Instant.now());
    }

    private void known(String meterId) throws FumsException {
        if (!meterId.startsWith("m-")) {
            throw new FumsException(ErrorCode.METER_UNKNOWN, "no meter " + meterId);
        }
    }

    @Override
    public SupplyState state(String meterId) throws FumsException {
        known(meterId);
        return of(meterId);
    }

    @Override
    public SupplyState disconnect(String meterId) throws FumsException {
        known(meterId);
        methods++;
        states.put(meterId, ControlState.DISCONNECTED);
        return of(meterId);
    }

    @Override
    public SupplyState reconnect(String meterId) throws FumsException {
        known(meterId);
        methods++;
        int mode = modes.getOrDefault(meterId, 4);
        states.put(meterId, mode == 2 || mode == 4 ? ControlState.CONNECTED : ControlState.READY_FOR_RECONNECTION);
        return of(meterId);
    }
}
