package io.fums.cloud.meters.internal;

import io.fums.meter.reading.SupplyState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * Each meter's supply switch as last read or operated through
 * {@link SupplyHandler} since the DCU started (SEC-4), for {@code meters.list}
 * ({@link MeterHandler}): in memory only, so unknown until the switch is read
 * or operated once after a start. At most {@value #MAX_METERS} meters are
 * kept (the handler only records meters of the inventory). Thread-safe. Its
 * methods name meter-reading types: call them only where that bundle is wired.
 */
@Component(service = SupplyStates.class)
public final class SupplyStates {

    /** The most meters remembered. */
    static final int MAX_METERS = 100_000;

    private final Map<String, Object> last = new ConcurrentHashMap<>();

    /** Remembers what the meter answered (a newer answer replaces an older one). */
    void record(SupplyState s) {
        if (last.size() < MAX_METERS || last.containsKey(s.meterId())) {
            last.merge(s.meterId(), s, (old, now) -> ((SupplyState) old).readAt().isAfter(((SupplyState) now).readAt())
                    ? old : now);
        }
    }

    /** What the meter last answered, if anything since the start. */
    Optional<SupplyState> last(String meterId) {
        return Optional.ofNullable((SupplyState) last.get(meterId));
    }
}
