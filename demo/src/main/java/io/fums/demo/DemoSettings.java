package io.fums.demo;

import java.nio.file.Path;

/** The demo's flags, checked. */
record DemoSettings(int meters, int baud, int imageKib, FaultMix faults, int readSeconds, Path work, Path report, Path inputs,
                    boolean keep) {

    DemoSettings {
        if (meters < 1 || meters > 5000) {
            throw new IllegalArgumentException("--meters must be 1..5000");
        }
        if (baud < 300) {
            throw new IllegalArgumentException("--baud must be at least 300");
        }
        if (imageKib < 1 || imageKib > 4096) {
            throw new IllegalArgumentException("--image-kib must be 1..4096");
        }
        if (faults.total() >= meters) {
            throw new IllegalArgumentException("the fault mix (" + faults.total() + " meters) must leave healthy meters");
        }
        if (readSeconds < 1) {
            throw new IllegalArgumentException("--read-seconds must be at least 1");
        }
    }
}
