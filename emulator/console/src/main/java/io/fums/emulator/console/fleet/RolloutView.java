package io.fums.emulator.console.fleet;

import io.fums.emulator.console.Table;
import io.fums.emulator.console.fleet.FleetStore.Counts;
import io.fums.emulator.console.fleet.FleetStore.DcuState;
import io.fums.emulator.console.fleet.FleetStore.Rollout;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code status} and {@code watch} print of a rollout: a progress bar per wave, and a table per DCU. */
final class RolloutView {

    static final int BAR = 24;

    private RolloutView() {
    }

    /** One progress line per wave, e.g. {@code wave 2  [############------------]  1/2 DCUs  6 ok 1 failed  (1 failed)}. */
    static List<String> waves(List<RolloutDcu> dcus, Map<String, Counts> counts) {
        Map<Integer, List<RolloutDcu>> byWave = new TreeMap<>();
        dcus.forEach(d -> byWave.computeIfAbsent(d.wave(), w -> new ArrayList<>()).add(d));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, List<RolloutDcu>> e : byWave.entrySet()) {
            List<RolloutDcu> w = e.getValue();
            long done = w.stream().filter(d -> d.state().done()).count();
            long meters = w.stream().mapToLong(RolloutDcu::metersTotal).sum();
            long ok = 0;
            long failed = 0;
            for (RolloutDcu d : w) {
                Counts c = counts.get(d.dcuId());
                ok += c == null ? 0 : c.succeeded();
                failed += c == null ? 0 : c.failed();
            }
            double share = meters > 0 ? (double) (ok + failed) / meters : w.isEmpty() ? 0 : (double) done / w.size();
            if (done == w.size()) {
                share = 1;
            }
            int filled = (int) Math.round(Math.min(1, share) * BAR);
            StringBuilder b = new StringBuilder("wave ").append(e.getKey()).append("  [")
                    .append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("]  ")
                    .append(done).append('/').append(w.size()).append(" DCUs");
            if (meters > 0) {
                b.append("  meters ").append(ok).append(" ok ").append(failed).append(" failed of ").append(meters);
            }
            Map<DcuState, Integer> states = new TreeMap<>();
            w.forEach(d -> states.merge(d.state(), 1, Integer::sum));
            b.append("  (");
            List<String> parts = new ArrayList<>();
            states.forEach((s, n) -> parts.add(n + " " + s));
            b.append(String.join(", ", parts)).append(')');
            lines.add(b.toString());
        }
        return lines;
    }

    /** The header line of a rollout. */
    static String header(Rollout r) {
        RolloutSpec s = r.spec();
        return "rollout " + r.id() + "  " + r.state() + (r.reason() == null ? "" : " (" + r.reason() + ")") + "  "
                + s.kind() + " " + s.name() + " " + s.version() + "  DCUs: " + s.selector().describe();
    }

    /** The table per DCU. */
    static void table(PrintWriter out, List<RolloutDcu> dcus, Map<String, Counts> counts) {
        Table t = new Table("DCU", "WAVE", "STATE", "METERS", "OK", "FAILED", "CANCELLED", "CODE", "MESSAGE");
        for (RolloutDcu d : dcus) {
            Counts c = counts.getOrDefault(d.dcuId(), new Counts(0, 0, 0));
            String m = d.message() == null ? null : d.message().length() > 80 ? d.message().substring(0, 80) + "..."
                    : d.message();
            t.row(d.dcuId(), d.wave(), d.state(), d.metersTotal(), c.succeeded(), c.failed(), c.cancelled(), d.code(), m);
        }
        t.print(out);
    }
}
