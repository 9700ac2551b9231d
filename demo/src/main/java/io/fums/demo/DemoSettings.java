package io.fums.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's flags, checked. */
record DemoSettings(int meters, int baud, int imageKib, FaultMix faults, int readSeconds, Path work, Path report, Path inputs,
                    boolean keep) {

    DemoSettings {
        if (meters < 1 || meters > 5000) {
            throw new IllegalArgumentException("--meters " + meters + " is out of range: give 1..5000, e.g. --meters 100");
        }
        if (baud < 300 || baud > 4_000_000) {
            throw new IllegalArgumentException("--baud " + baud + " is not a link speed: give 300..4000000, e.g. --baud 9600");
        }
        if (imageKib < 1 || imageKib > 4096) {
            throw new IllegalArgumentException("--image-kib " + imageKib + " is out of range: give 1..4096");
        }
        if (faults.total() >= suite0Meters(meters)) {
            int enough = faults.total() + 1;
            while (suite0Meters(enough) <= faults.total()) {
                enough++;
            }
            throw new IllegalArgumentException("--meters " + meters + " leaves no healthy meter beside the fault mix ("
                    + faults.total() + " faulty meters): give --meters " + enough
                    + " or more, or a smaller --faults, e.g. --faults self-check=1 (or --faults '' for none)");
        }
        if (readSeconds < 1) {
            throw new IllegalArgumentException("--read-seconds " + readSeconds + " must be at least 1");
        }
    }

    /**
     * One meter in ten (none below ten meters) is on security suite 1 (HLS-ECDSA, group {@code e}); the others are
     * on suite 0 (HLS-GMAC, group {@code m}), where the fault mix is spread.
     */
    int suite1Meters() {
        return meters / 10;
    }

    /** The suite 0 meters (group {@code m}). */
    int suite0Meters() {
        return suite0Meters(meters);
    }

    private static int suite0Meters(int meters) {
        return meters - meters / 10;
    }

    /** The folders and files the demo needs, checked before anything starts. */
    void checkPaths() {
        if (Files.exists(work) && !Files.isDirectory(work)) {
            throw new IllegalArgumentException("--work " + work + " is a file; give a folder (it is created if missing)");
        }
        if (Files.isDirectory(report)) {
            throw new IllegalArgumentException("--report " + report + " is a folder; give a file name, e.g. demo-report.html");
        }
        Path reportFolder = report.toAbsolutePath().normalize().getParent();
        if (reportFolder != null && !Files.isDirectory(reportFolder)
                && !reportFolder.startsWith(work.toAbsolutePath().normalize())) { // the demo makes its work folder
            throw new IllegalArgumentException("--report " + report + ": folder " + report.getParent()
                    + " does not exist; create it or choose another place");
        }
        if (!Files.isRegularFile(inputs.resolve("fums-dcu.tar.gz"))) {
            throw new IllegalArgumentException("the DCU distribution is missing (" + inputs.resolve("fums-dcu.tar.gz")
                    + "): run ./fums-demo from the project folder without FUMS_DEMO_NO_BUILD, it builds it first");
        }
    }
}
