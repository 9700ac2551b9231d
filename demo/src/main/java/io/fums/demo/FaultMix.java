package io.fums.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How many meters get each injected fault, e.g. {@code self-check=2,power-cut=1}. */
record FaultMix(int selfCheck, int refuseActivation, int corruptBlock, int powerCut) {

    static FaultMix parse(String text) {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (!text.isBlank()) {
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=", -1);
                if (kv.length != 2 || !List.of("self-check", "refuse-activation", "corrupt-block", "power-cut").contains(kv[0])
                        || !kv[1].matches("[0-9]{1,4}")) {
                    throw new IllegalArgumentException("--faults: '" + part + "' is not KIND=N with KIND one of self-check, "
                            + "refuse-activation, corrupt-block, power-cut; e.g. --faults self-check=2,power-cut=1 "
                            + "(--faults '' for none)");
                }
                if (m.put(kv[0], Integer.parseInt(kv[1])) != null) {
                    throw new IllegalArgumentException("--faults: " + kv[0] + " is given twice; give each kind once");
                }
            }
        }
        return new FaultMix(m.getOrDefault("self-check", 0), m.getOrDefault("refuse-activation", 0),
                m.getOrDefault("corrupt-block", 0), m.getOrDefault("power-cut", 0));
    }

    int total() {
        return selfCheck + refuseActivation + corruptBlock + powerCut;
    }

    /** The population's per-meter fault entries for meters {@code <group>-00002...}: spread through the population. */
    List<String> entries(String group, int meters) {
        List<String> out = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        add(kinds, selfCheck, "{\"failSelfCheck\": true}");
        add(kinds, refuseActivation, "{\"refuseActivation\": true}");
        add(kinds, corruptBlock, "{\"corruptBlocks\": [2]}");
        add(kinds, powerCut, "{\"powerCutAt\": \"TRANSFER\", \"powerCutAfterBlocks\": 4, \"powerOffMillis\": 2000}");
        int step = Math.max(1, (meters - 1) / Math.max(1, kinds.size()));
        for (int i = 0; i < kinds.size(); i++) {
            // meter 1 is the healthy canary; faults sit among the later waves
            out.add(String.format("{\"id\": \"%s-%05d\", \"faults\": %s}", group, Math.min(meters, 2 + i * step + step / 2), kinds.get(i)));
        }
        return out;
    }

    /** The meters whose power {@link #entries} cuts (their reads may be missed while they are off). */
    java.util.Set<String> powerCutMeters(String group, int meters) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String entry : entries(group, meters)) {
            if (entry.contains("powerCutAt")) {
                out.add(entry.substring(entry.indexOf("\"id\": \"") + 7, entry.indexOf("\", \"faults\"")));
            }
        }
        return out;
    }

    /** The meters with a fault that ends them on their old image, with the expected error code. */
    static boolean revertsOnFault(String faultJson) {
        return !faultJson.contains("powerCutAt");
    }

    private static void add(List<String> kinds, int n, String json) {
        for (int i = 0; i < n; i++) {
            kinds.add(json);
        }
    }
}
