package io.fums.emulator.console.fleet;

import io.fums.emulator.console.Table;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.fums.emulator.console.ConsoleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The fleet: its inventory, rollouts across many DCUs, and event workers (docs/console-fleet.md). */
@Command(name = "fleet", description = "The fleet of DCUs: inventory, rollouts across DCUs in waves, event workers.",
        subcommands = {FleetCommand.ListDcus.class, RolloutCommand.class, FleetCommand.Worker.class})
public final class FleetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: list, rollout or worker");
    }

    /** Selector options, shared by list and rollout create. */
    static final class SelectorOptions {
        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "only DCUs with this label (repeatable)")
        List<String> labels;

        @Option(names = "--device-type", paramLabel = "TYPE", description = "only DCUs with meters of this device type")
        String deviceType;

        @Option(names = "--running", paramLabel = "FIRMWARE",
                description = "... whose meters of --device-type run this firmware identifier")
        String running;

        @Option(names = "--software", paramLabel = "FEATURE[!]=VERSION",
                description = "only DCUs whose software feature has (=) or has not (!=) this version")
        String software;

        FleetSelector selector() {
            return FleetSelector.of(labels, deviceType, running, software);
        }
    }

    /**
     * The fleet from the DCUs' retained states, each offline DCU completed with its last birth from the store (and
     * the births seen kept there).
     */
    static List<FleetDcu> inventory(ConsoleClient client, FleetStore store, Duration wait) throws Exception {
        Map<String, ConsoleClient.SignedState> states = client.fleetStates(wait);
        Map<String, String> births = new TreeMap<>();
        states.forEach((id, s) -> {
            if (s.state().has("software")) {
                births.put(id, s.state().toString());
            }
        });
        store.snapshot(births);
        Map<String, String> last = store.snapshots();
        List<FleetDcu> out = new ArrayList<>();
        for (Map.Entry<String, ConsoleClient.SignedState> e : states.entrySet()) {
            FleetDcu d = FleetDcu.parse(e.getKey(), e.getValue().state());
            String birth = last.get(e.getKey());
            out.add(birth == null ? d : d.orLastKnown(FleetDcu.parse(e.getKey(),
                    JsonParser.parseString(birth).getAsJsonObject())));
        }
        return out;
    }

    @Command(name = "list", description = {"Every DCU from its retained state: online or offline, software, meters per "
        + "device type and firmware, labels.", "An offline DCU shows what its last birth seen said (kept in the store)."})
    static final class ListDcus extends FleetBase {

        @picocli.CommandLine.Mixin
        SelectorOptions select;

        @Option(names = "--online", description = "only DCUs that are online")
        boolean onlineOnly;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--wait", paramLabel = "MILLIS", defaultValue = "1500",
                description = "how long to collect retained states (default: ${DEFAULT-VALUE})")
        long waitMillis;

        @Override
        int run() throws Exception {
            FleetSelector selector = select.selector();
            List<FleetDcu> fleet = inventory(client(), store(), Duration.ofMillis(waitMillis));
            Table t = new Table("DCU", "STATE", "SOFTWARE", "METERS", "BY TYPE AND FIRMWARE", "LABELS");
            JsonArray all = new JsonArray();
            for (FleetDcu d : fleet) {
                if (onlineOnly && !d.online() || !selector.matches(d)) {
                    continue;
                }
                if (json) {
                    all.add(RolloutWatch.GSON.toJsonTree(d));
                }
                t.row(d.id(), d.online() ? "online" : "offline" + (d.reason() == null ? "" : " (" + d.reason() + ")"),
                        software(d), d.known() ? d.meterCount() : "?", types(d), labels(d.labels()));
            }
            if (json) {
                out().println(RolloutWatch.GSON.toJson(all));
                return 0;
            }
            t.print(out());
            out().println(t.size() + " DCU" + (t.size() == 1 ? "" : "s") + (selector.equals(FleetSelector.all()) ? ""
                    : " (" + selector.describe() + ")"));
            return 0;
        }
    }

    static String software(FleetDcu d) {
        if (!d.known()) {
            return "?";
        }
        StringBuilder b = new StringBuilder("gen ").append(d.generation());
        d.features().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    static String types(FleetDcu d) {
        List<String> parts = new ArrayList<>();
        d.meterTypes().forEach((type, fw) -> {
            List<String> f = new ArrayList<>();
            fw.forEach((v, n) -> f.add(v + " x" + n));
            int unidentified = d.meters(type) - fw.values().stream().mapToInt(Integer::intValue).sum();
            if (unidentified > 0) {
                f.add("unread x" + unidentified);
            }
            parts.add(type + ": " + String.join(" ", f));
        });
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    static String labels(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        labels.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    @Command(name = "worker", description = {"Take a share of the fleet's campaign events into the store, in a shared "
        + "subscription group:", "several workers of one group split the events; each meter result is counted once."})
    static final class Worker extends FleetBase {

        @Option(names = {"-g", "--group"}, defaultValue = "fums-fleet",
                description = "shared subscription group (default: ${DEFAULT-VALUE})")
        String group;

        @Option(names = "--name", description = "this worker's name in the store (default: worker-<random>)")
        String name;

        @Option(names = "--max-time", paramLabel = "SECONDS", defaultValue = "0",
                description = "stop after this long (0: never)")
        long maxSeconds;

        @Override
        int run() throws Exception {
            String worker = name != null ? name : "worker-" + UUID.randomUUID().toString().substring(0, 8);
            try (FleetEvents events = FleetEvents.start(client(), store(), worker, group)) {
                err().println(worker + ": taking fleet events in group " + group + " into " + store().file()
                        + " (Ctrl-C to stop)");
                err().flush();
                CountDownLatch never = new CountDownLatch(1);
                if (maxSeconds > 0) {
                    never.await(maxSeconds, TimeUnit.SECONDS);
                } else {
                    never.await();
                }
                out().println(worker + ": " + events.received() + " events, " + events.recorded() + " new results");
            }
            return 0;
        }
    }

}
