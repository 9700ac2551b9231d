package io.fums.emulator.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Watches a campaign to its end: a live line on a terminal ({@link LiveView}: its clock ticks every second, fixed
 * width, what the meters wait for), plain lines otherwise, then a per-meter table. Exit 0 if the campaign
 * completed, 1 if it was paused or cancelled, 3 if it did not stop within {@code --max-time}; Ctrl-C ends the line,
 * says that the campaign keeps running on the DCU, and exits 130 (the JVM's code for SIGINT).
 */
@Command(name = "watch", description = {"Watch a campaign until it is COMPLETED, CANCELLED or PAUSED, then print every",
    "meter's result. Follows the campaign, meter-result and alarm events (shared subscriptions,",
    "duplicates dropped by event id) and asks for the campaign's status now and then.",
    "On a terminal one line shows the time, the state, meters done and what they wait for",
    "(an activation time, a maintenance window, the operator); Ctrl-C leaves the campaign running.",
    "Exit 0 if the campaign completed, 1 if it was paused or cancelled, 3 if --max-time passed, 130 on Ctrl-C."})
final class CampaignWatchCommand extends DcuRequestCommand {

    /** How progress is shown: {@code live} (alias {@code bar}) is the one ticking line of a terminal. */
    enum Display { auto, live, bar, plain }

    /** Judges the time the live line shows (tests set another). */
    Clock clock = Clock.systemUTC();

    @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
    String dcu;

    @Parameters(index = "1", paramLabel = "CAMPAIGN", description = "the campaign id")
    String id;

    @Option(names = {"-g", "--group"}, description = "shared subscription group (default: a group of this watch alone)")
    String group;

    @Option(names = "--progress", defaultValue = "auto",
            description = "auto (a live line on a terminal, plain lines otherwise), live or plain (default: ${DEFAULT-VALUE})")
    Display display;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "0",
            description = "columns of the live line (0: the terminal's, from COLUMNS or stty; default)")
    int width;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "10",
            description = "ask for the campaign's status this often while no end is seen (default: ${DEFAULT-VALUE})")
    long pollSeconds;

    @Option(names = "--max-time", paramLabel = "SECONDS", defaultValue = "0",
            description = "give up after this long, exit 3 (0: never; default)")
    long maxSeconds;

    @Option(names = "--no-durations", description = "do not ask each meter's history for its duration")
    boolean noDurations;

    @Override
    void before() throws ConsoleException {
        if (pollSeconds < 1) {
            throw new ConsoleException(2, "--poll must be at least 1 second");
        }
        if (width != 0 && (width < 20 || width > 1000)) {
            throw new ConsoleException(2, "--width must be 20 to 1000 columns (or 0: the terminal's)");
        }
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        KnownDcus.require(client, java.util.List.of(dcu));
        boolean live = !json && (display == Display.live || display == Display.bar
                || display == Display.auto && System.console() != null);
        View view = live ? new LiveView(System.err, clock, width > 0 ? width : LiveView.terminalWidth())
                : new LineView(out(), json);
        // Ctrl-C: the JVM runs this hook, then exits 130; a normal end removes it first
        Thread onInterrupt = new Thread(() -> {
            if (view instanceof LiveView l) {
                l.interrupted(dcu, id);
            } else if (!json) {
                view.close();
                err().println(keepsRunning(dcu, id));
                err().flush();
            }
        }, "campaign-watch-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        CampaignWatcher.Outcome outcome;
        CampaignWatcher.Builder b = CampaignWatcher.watch(client, dcu, id).listener(view)
                .pollInterval(Duration.ofSeconds(pollSeconds)).requestTimeout(Duration.ofSeconds(timeout()));
        if (group != null) {
            b.group(group);
        }
        try (CampaignWatcher watcher = b.start()) {
            if (!json && !live) {
                err().println("watching campaign " + id + " on " + dcu + " (" + String.join(", ", watcher.filters()) + ")");
                err().flush();
            }
            try {
                outcome = watcher.await(maxSeconds > 0 ? Duration.ofSeconds(maxSeconds) : null);
            } finally {
                removeHook(onInterrupt);
                view.close();
            }
            Map<String, Duration> durations = noDurations ? Map.of()
                    : watcher.durations(CampaignStatusJson.meters(outcome.status()).stream()
                            .map(m -> DcusCommand.text(m, "meterId")).toList(), 8);
            if (json) {
                out().println(PRETTY.toJson(outcomeJson(outcome, durations)));
            } else {
                printOutcome(out(), outcome, durations);
            }
            return outcome.completed() ? 0 : 1;
        } finally {
            removeHook(onInterrupt);
            view.close();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down (Ctrl-C): the hook runs
        }
    }

    /** What Ctrl-C says: the campaign is the DCU's and goes on. */
    static String keepsRunning(String dcu, String campaign) {
        return "campaign " + campaign + " keeps running on " + dcu + "; watch again with: fums-console campaign watch "
                + dcu + " " + campaign;
    }

    /** The final report: the summary, one row per meter, the alarms. */
    static void printOutcome(PrintWriter out, CampaignWatcher.Outcome o, Map<String, Duration> durations) {
        out.println("campaign " + CampaignTables.progressLine(o.status()));
        CampaignTables.meters(o.status(), durations).print(out);
        out.println(o.meterResults().size() + " meter result" + (o.meterResults().size() == 1 ? "" : "s") + " received, "
                + o.duplicates() + " duplicate" + (o.duplicates() == 1 ? "" : "s") + " dropped");
        if (!o.alarms().isEmpty()) {
            out.println("alarms:");
            for (CampaignWatcher.Event a : o.alarms()) {
                out.println("  " + a.time() + "  " + a.text("code") + "  " + (a.text("meterId") == null ? "-" : a.text("meterId"))
                        + "  " + a.text("message"));
            }
        }
        out.flush();
    }

    static JsonObject outcomeJson(CampaignWatcher.Outcome o, Map<String, Duration> durations) {
        JsonObject j = new JsonObject();
        j.addProperty("campaign", o.campaignId());
        j.addProperty("state", o.state());
        j.add("status", o.status());
        JsonObject d = new JsonObject();
        durations.forEach((m, x) -> d.addProperty(m, x.toMillis()));
        j.add("durationMillis", d);
        j.add("meterResults", events(o.meterResults()));
        j.add("alarms", events(o.alarms()));
        j.addProperty("duplicates", o.duplicates());
        return j;
    }

    private static JsonArray events(List<CampaignWatcher.Event> events) {
        JsonArray a = new JsonArray();
        for (CampaignWatcher.Event e : events) {
            a.add(eventJson(e));
        }
        return a;
    }

    static JsonObject eventJson(CampaignWatcher.Event e) {
        JsonObject o = new JsonObject();
        o.addProperty("id", e.id());
        o.addProperty("kind", e.kind());
        o.addProperty("dcuId", e.dcuId());
        o.addProperty("time", e.time() == null ? null : e.time().toString());
        o.add("data", e.data());
        return o;
    }

    /** Shows the watch as it goes. */
    interface View extends CampaignWatcher.Listener, AutoCloseable {
        @Override
        void close();
    }

    /** Plain lines: each change of progress, each meter result and alarm (or each as JSON). */
    static final class LineView implements View {
        private final PrintWriter out;
        private final boolean json;
        private String last;

        LineView(PrintWriter out, boolean json) {
            this.out = out;
            this.json = json;
        }

        @Override
        public synchronized void progress(JsonObject summary) {
            String line = json ? summary.toString() : CampaignTables.progressLine(summary);
            if (!line.equals(last)) {
                last = line;
                out.println(json ? line : "progress  " + line);
                out.flush();
            }
        }

        @Override
        public synchronized void meterResult(CampaignWatcher.Event e) {
            out.println(json ? eventJson(e).toString() : "result    " + e.text("meterId") + "  " + e.text("state")
                    + (e.text("errorCode") == null ? "" : "  " + e.text("errorCode")) + "  " + e.time());
            out.flush();
        }

        @Override
        public synchronized void alarm(CampaignWatcher.Event e) {
            out.println(json ? eventJson(e).toString() : "ALARM     " + e.text("code") + "  "
                    + (e.text("meterId") == null ? "-" : e.text("meterId")) + "  " + e.text("message"));
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
