package io.fums.emulator.meter.model;

/**
 * The meter's metrology, split as MET-3 asks: a measuring part (the
 * constant import and export power of the spec, with its calibration; no
 * firmware upgrade ever touches it, SM-6/MET-2) and an accumulation and
 * storage part (the energy totals in {@link MeterState}, integrated from
 * the measured power over real time, including while an image is received
 * or activated, SM-8). Nothing accumulates while the meter is off or its
 * supply switch is open (disconnect control, class 70): every change of the
 * switch first accumulates up to that instant.
 * Guarded by the meter's lock.
 */
final class Metrology {

    private static final long MJ_PER_WH = 3_600_000L;
    private final double importW;
    private final double exportW;
    private final int scaler;
    private long lastMillis;
    private boolean running;
    private double importCarry;
    private double exportCarry;

    Metrology(MeterSpec spec) {
        this.importW = spec.powerImportW();
        this.exportW = spec.powerExportW();
        this.scaler = spec.energyScaler();
    }

    /** Starts measuring at {@code now} (power up). */
    void start(long now) {
        lastMillis = now;
        running = true;
    }

    /** Stops measuring (power down), after accumulating up to {@code now}. */
    void stop(MeterState s, long now) {
        advance(s, now);
        running = false;
    }

    /** Accumulates the energy measured since the last call into the registers of {@code s}. */
    void advance(MeterState s, long now) {
        if (!running || now <= lastMillis) {
            return;
        }
        long dt = now - lastMillis;
        lastMillis = now;
        if (!s.loadConnected()) {
            return;
        }
        importCarry += importW * dt;
        exportCarry += exportW * dt;
        long wholeImport = (long) importCarry;
        long wholeExport = (long) exportCarry;
        importCarry -= wholeImport;
        exportCarry -= wholeExport;
        s.importMj += wholeImport;
        s.exportMj += wholeExport;
    }

    /** The register value (attribute 2) of an energy in millijoules: Wh / 10^scaler, truncated, modulo 2^32. */
    long registerValue(long mj) {
        long raw;
        if (scaler >= 0) {
            raw = mj / (MJ_PER_WH * pow10(scaler));
        } else {
            raw = mj * pow10(-scaler) / MJ_PER_WH;
        }
        return raw & 0xFFFF_FFFFL;
    }

    int scaler() {
        return scaler;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
