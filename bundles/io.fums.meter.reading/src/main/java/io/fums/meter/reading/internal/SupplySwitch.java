package io.fums.meter.reading.internal;

import io.fums.api.error.FumsException;
import io.fums.dlms.client.DisconnectState;
import io.fums.dlms.client.MeterObjects;
import io.fums.meter.reading.MeterSupply;
import io.fums.meter.reading.SupplyState;
import java.time.Clock;

/**
 * {@link MeterSupply} over the meters' associations: each call is one
 * exchange (method, then the state read back) scheduled like a read, so a
 * disconnection is not held up behind an image transfer on the same link.
 */
final class SupplySwitch implements MeterSupply {

    /** Runs an exchange with one meter (MeterReadingService#exchange). */
    interface Exchanges {
        <T> T exchange(String meterId, MeterConnector.Read<T> exchange) throws FumsException;
    }

    private final Exchanges meters;
    private final Clock clock;

    SupplySwitch(Exchanges meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public SupplyState state(String meterId) throws FumsException {
        return of(meterId, meters.exchange(meterId, c -> new MeterObjects(c).disconnectState()));
    }

    @Override
    public SupplyState disconnect(String meterId) throws FumsException {
        return operate(meterId, true);
    }

    @Override
    public SupplyState reconnect(String meterId) throws FumsException {
        return operate(meterId, false);
    }

    /** The method, then the state read back, in one exchange. */
    private SupplyState operate(String meterId, boolean disconnect) throws FumsException {
        return of(meterId, meters.exchange(meterId, c -> {
            MeterObjects o = new MeterObjects(c);
            if (disconnect) {
                o.remoteDisconnect();
            } else {
                o.remoteReconnect();
            }
            return o.disconnectState();
        }));
    }

    private SupplyState of(String meterId, DisconnectState s) {
        return new SupplyState(meterId, s.outputState(), s.controlState(), s.controlMode(), clock.instant());
    }
}
