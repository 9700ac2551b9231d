package io.fums.emulator.console.fleet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import io.fums.emulator.console.fleet.FleetStore.Rollout;
import io.fums.emulator.console.fleet.FleetStore.RolloutDcu;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet rollout watch ID}: follows a rollout in the store (whoever drives it) and prints its waves each time
 * they change, a progress bar per wave; at the end (completed, cancelled, or paused with no DCU in work) the table per
 * DCU.
 */
@Command(name = "watch", description = {"Follow a rollout from the store: a progress bar per wave as it changes,",
    "and the table per DCU when it completes, is cancelled, or pauses with no DCU in work."})
final class RolloutWatch extends FleetBase {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapter(Instant.class, (JsonSerializer<Instant>) (i, t, c) -> new JsonPrimitive(i.toString()))
            .create();

    @Parameters(index = "0", paramLabel = "ID", description = "the rollout id")
    String id;

    @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "how often the store is read (default: ${DEFAULT-VALUE})")
    long intervalMillis;

    @Option(names = "--max-time", paramLabel = "SECONDS", defaultValue = "0", description = "stop after this long "
            + "(0: never)")
    long maxSeconds;

    @Override
    int run() throws Exception {
        rollout(id);
        String last = "";
        long deadline = maxSeconds > 0 ? System.nanoTime() + maxSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            Rollout r = rollout(id);
            List<RolloutDcu> dcus = store().dcus(id);
            Map<String, FleetStore.Counts> counts = store().counts(id);
            String block = RolloutView.header(r) + "\n" + String.join("\n", RolloutView.waves(dcus, counts));
            if (!block.equals(last)) {
                out().println(block);
                out().println();
                out().flush();
                last = block;
            }
            boolean inWork = dcus.stream().anyMatch(d -> d.state().inWork());
            boolean ended = r.state().equals(FleetStore.COMPLETED) || r.state().equals(FleetStore.CANCELLED)
                    || r.state().equals(FleetStore.PAUSED) && !inWork;
            if (ended || System.nanoTime() - deadline >= 0) {
                RolloutView.table(out(), dcus, counts);
                return r.state().equals(FleetStore.COMPLETED) ? 0 : 1;
            }
            Thread.sleep(Math.max(100, intervalMillis));
        }
    }
}
