package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the DCUs that have a retained state, online or not. */
@Command(name = "dcus", description = "List DCUs from their retained state (online/offline, software, meters).")
final class DcusCommand extends ConsoleCommand {

    @Option(names = "--wait", paramLabel = "MILLIS", defaultValue = "1500",
            description = "how long to collect retained states (default: ${DEFAULT-VALUE})")
    long waitMillis;

    @Option(names = "--online", description = "only DCUs that are online")
    boolean onlineOnly;

    @Option(names = "--json", description = "print the states as JSON")
    boolean json;

    @Override
    int run(ConsoleClient client) throws Exception {
        Map<String, ConsoleClient.SignedState> states = client.fleetStates(Duration.ofMillis(waitMillis));
        if (json) {
            JsonObject all = new JsonObject();
            states.forEach((id, s) -> all.add(id, s.state()));
            out().println(DcuRequestCommand.PRETTY.toJson(all));
            return 0;
        }
        Table t = new Table("DCU", "STATE", "SINCE", "SOFTWARE", "METERS", "SIGNED");
        for (Map.Entry<String, ConsoleClient.SignedState> e : states.entrySet()) {
            JsonObject s = e.getValue().state();
            boolean online = s.has("online") && s.get("online").getAsBoolean();
            if (onlineOnly && !online) {
                continue;
            }
            t.row(e.getKey(), online ? "online" : "offline" + reason(s), text(s, "time"), software(s), meters(s),
                    signed(e.getValue().signature()));
        }
        t.print(out());
        out().println(t.size() + " DCU" + (t.size() == 1 ? "" : "s"));
        return 0;
    }

    /** The SIGNED column: verified, pinned now (first seen), or no key known. */
    static String signed(DcuKeys.Check c) {
        return switch (c) {
            case VERIFIED -> "verified";
            case PINNED -> "key pinned now";
            case NO_KEY -> "no key";
            case FORGED -> "FORGED";
        };
    }

    /** The DCU ids that are online, from retained state. */
    static List<String> online(ConsoleClient client, long waitMillis) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : client.fleetState(Duration.ofMillis(waitMillis)).entrySet()) {
            JsonObject s = e.getValue();
            if (s.has("online") && s.get("online").getAsBoolean()) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    private static String reason(JsonObject s) {
        String r = text(s, "reason");
        return r == null ? "" : " (" + r + ")";
    }

    static String software(JsonObject s) {
        if (!s.has("software") || !s.get("software").isJsonObject()) {
            return "-";
        }
        JsonObject sw = s.getAsJsonObject("software");
        StringBuilder b = new StringBuilder("gen ").append(text(sw, "generation"));
        if (sw.has("features")) {
            for (JsonElement f : sw.getAsJsonArray("features")) {
                b.append(' ').append(text(f.getAsJsonObject(), "name")).append('=').append(text(f.getAsJsonObject(), "version"));
            }
        }
        return b.toString();
    }

    private static String meters(JsonObject s) {
        if (!s.has("meters") || !s.get("meters").isJsonObject()) {
            return "-";
        }
        JsonObject m = s.getAsJsonObject("meters");
        if (m.has("available") && !m.get("available").getAsBoolean()) {
            return "n/a";
        }
        return text(m, "count");
    }

    static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }
}
