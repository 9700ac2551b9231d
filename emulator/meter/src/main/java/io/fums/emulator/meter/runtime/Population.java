package io.fums.emulator.meter.runtime;

import com.google.gson.Gson;
import io.fums.emulator.meter.config.MeterPlan;
import io.fums.emulator.meter.fault.Faults;
import io.fums.emulator.meter.image.ImageVerifier;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.emulator.meter.store.MeterStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one emulator: a {@link MeterModel} per planned meter, each
 * with its folder under the state directory, and one scheduler thread that
 * finishes due steps (verification, activation, self-check, schedules,
 * power restoration) and periodically saves the registers. Thread-safe.
 */
public final class Population implements AutoCloseable {

    /** How often meters are checked for due steps. */
    public static final long TICK_MILLIS = 100;
    private final Map<String, MeterModel> meters = new LinkedHashMap<>();
    private final Map<String, MeterPlan> plans = new LinkedHashMap<>();
    private final InstantSource time;
    private final ScheduledExecutorService scheduler;

    /**
     * Loads or creates every meter, installs the configured faults and starts
     * the scheduler.
     *
     * @param checkpointSeconds how often the registers are saved
     */
    public Population(List<MeterPlan> plan, Path stateDir, boolean fsync, ImageVerifier verifier, Gson gson,
            InstantSource time, long checkpointSeconds) {
        this.time = time;
        for (MeterPlan p : plan) {
            String id = p.spec().meterId();
            Faults faults = new Faults(id.hashCode());
            faults.install(p.faults());
            MeterStore store = new MeterStore(stateDir.resolve(id), fsync, gson);
            meters.put(id, new MeterModel(p.spec(), store, time, faults, verifier));
            plans.put(id, p);
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meter scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tickAll, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkpointAll, checkpointSeconds, checkpointSeconds, TimeUnit.SECONDS);
    }

    /** The meter with this id, or null. */
    public MeterModel meter(String id) {
        return meters.get(id);
    }

    /** Its plan, or null. */
    public MeterPlan plan(String id) {
        return plans.get(id);
    }

    /** Every meter, in plan order. */
    public Collection<MeterModel> meters() {
        return Collections.unmodifiableCollection(meters.values());
    }

    /** Every plan, in order. */
    public Collection<MeterPlan> plans() {
        return Collections.unmodifiableCollection(plans.values());
    }

    public int size() {
        return meters.size();
    }

    /** Runs the due steps of every meter now. */
    public void tickAll() {
        long now = time.millis();
        for (MeterModel m : meters.values()) {
            try {
                if (m.needsTick(now)) {
                    m.tick();
                }
            } catch (RuntimeException e) {
                System.getLogger("fums.meter").log(System.Logger.Level.WARNING,
                        "meter " + m.spec().meterId() + ": tick failed", e);
            }
        }
    }

    /** Saves every meter's registers now. */
    public void checkpointAll() {
        for (MeterModel m : meters.values()) {
            try {
                m.checkpoint();
            } catch (RuntimeException e) {
                System.getLogger("fums.meter").log(System.Logger.Level.WARNING,
                        "meter " + m.spec().meterId() + ": checkpoint failed", e);
            }
        }
    }

    /** Stops the scheduler and saves every meter. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointAll();
    }
}
