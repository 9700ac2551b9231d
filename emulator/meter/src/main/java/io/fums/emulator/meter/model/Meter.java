package io.fums.emulator.meter.model;

import io.fums.emulator.meter.fault.Faults;
import io.fums.emulator.meter.image.ImageVerifier;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;

/**
 * The inside of one meter, shared by its COSEM objects: spec, state, store,
 * time, faults and metrology, with the power cycle (boot recovery, power
 * cut). Guarded by the lock of its {@link MeterModel}; never exposed.
 */
final class Meter {

    final MeterSpec spec;
    final MeterStore store;
    final InstantSource time;
    final Faults faults;
    final ImageVerifier verifier;
    final Metrology metrology;
    MeterState state;
    private long offUntil;
    private boolean off;
    private Runnable onPowerCut = () -> { };

    Meter(MeterSpec spec, MeterStore store, InstantSource time, Faults faults, ImageVerifier verifier) {
        this.spec = spec;
        this.store = store;
        this.time = time;
        this.faults = faults;
        this.verifier = verifier;
        this.metrology = new Metrology(spec);
        this.state = loadOrCreate();
        boot();
        metrology.start(now());
        save();
    }

    long now() {
        return time.millis();
    }

    /** The meter's own clock (settable through the clock object). */
    long meterNow() {
        return now() + state.clockOffsetMillis;
    }

    void onPowerCut(Runnable r) {
        onPowerCut = r == null ? () -> { } : r;
    }

    /** Accumulates energy and saves the whole state atomically. */
    void save() {
        metrology.advance(state, now());
        state.syncBlocks();
        store.save(state);
    }

    /** Records an upgrade event with the meter's time (SM-5). */
    void event(String text) {
        state.event(Instant.ofEpochMilli(meterNow()) + " " + text);
    }

    /** Whether the meter is powered; powers it back on when its off time is over. */
    boolean poweredOn() {
        if (off && now() >= offUntil) {
            off = false;
            metrology.start(now());
            event("power restored");
            save();
        }
        return !off;
    }

    /**
     * The power fails now: the meter saves its registers (power-fail
     * save), forgets everything it held only in memory, and boots again
     * from its store, on its committed bank (never bricked).
     */
    void powerCut(String where) {
        powerCut(where, faults.powerOffMillis());
    }

    /** A power cut after which the meter stays off {@code offMillis}. */
    void powerCut(String where, long offMillis) {
        metrology.stop(state, now());
        state.powerCuts++;
        state.event(Instant.ofEpochMilli(meterNow()) + " power cut during " + where);
        state.syncBlocks();
        store.save(state);
        state = loadOrCreate();
        boot();
        store.save(state);
        off = true;
        offUntil = now() + offMillis;
        onPowerCut.run();
        poweredOn();
    }

    /** Boot recovery: a step that was cut short is undone. */
    private void boot() {
        switch (state.step) {
            case VERIFYING -> {
                state.status = 1;
                event("verification interrupted by power loss: image kept, verify again");
            }
            case ACTIVATING, SELF_CHECK -> {
                discardTrial("activation interrupted by power loss");
                state.status = 7;
                state.upgradeFailures++;
            }
            default -> { }
        }
        state.step = MeterState.Step.NONE;
        state.stepDue = 0;
    }

    /** Drops the bank under trial and the pending image; the committed bank keeps running (UC-6). */
    void discardTrial(String why) {
        if (state.trialBank >= 0) {
            state.banks[state.trialBank].condition = "discarded";
        }
        state.trialBank = -1;
        MeterState.Component c = state.trialComponent == null ? null : state.components.get(state.trialComponent);
        if (c != null && c.previousVersion != null) {
            event("component " + state.trialComponent + ": back to " + c.previousVersion);
            c.version = c.previousVersion;
            c.sha256 = c.previousSha256;
            c.previousVersion = null;
            c.previousSha256 = null;
        }
        state.trialComponent = null;
        state.verified = null;
        store.deleteImage();
        event(why + "; running " + state.banks[state.activeBank].version + " from bank " + state.activeBank);
    }

    private MeterState loadOrCreate() {
        try {
            MeterState s = store.load(MeterState.class).orElse(null);
            if (s != null) {
                if (!spec.meterId().equals(s.meterId)) {
                    throw new IOException(store.dir() + " holds meter " + s.meterId + ", not " + spec.meterId());
                }
                return s;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fresh();
    }

    private MeterState fresh() {
        MeterState s = new MeterState();
        s.meterId = spec.meterId();
        s.deviceType = spec.deviceType();
        MeterState.Bank factory = s.banks[0];
        factory.version = spec.factoryFirmware();
        factory.sha256 = sha256Hex(("factory image " + spec.deviceType() + " " + spec.factoryFirmware())
                .getBytes(StandardCharsets.UTF_8));
        factory.condition = "valid";
        for (var e : spec.components().entrySet()) {
            MeterState.Component c = new MeterState.Component();
            c.version = e.getValue();
            c.sha256 = sha256Hex(("factory image " + spec.deviceType() + " " + e.getKey() + " " + e.getValue())
                    .getBytes(StandardCharsets.UTF_8));
            s.components.put(e.getKey(), c);
        }
        s.importMj = spec.initialImportWh() * 3_600_000L;
        s.exportMj = spec.initialExportWh() * 3_600_000L;
        s.timeZone = spec.timeZone();
        s.settings.putAll(spec.settings());
        s.event(Instant.ofEpochMilli(now()) + " manufactured with firmware " + spec.factoryFirmware());
        return s;
    }

    static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
