package io.fums.emulator.console;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.cloud.mqtt.client.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints DCU events as they arrive, through a shared subscription
 * ({@code $share/<group>/fums/v1/<dcu>/evt/<kind>}): several console workers
 * with the same group share the fleet's events between them.
 */
@Command(name = "watch", description = {"Print events as they arrive (shared subscription).",
    "Workers started with the same --group share the events; each event is printed once per id."})
final class WatchCommand extends ConsoleCommand {

    @Option(names = {"-d", "--dcu"}, defaultValue = "+", description = "a DCU id, or + for all (default)")
    String dcu;

    /** The event kinds DCUs publish (docs/mqtt-api.md section 6), and the wildcards. */
    static final java.util.List<String> KINDS = java.util.List.of("software", "campaign", "meter-result", "alarm", "#", "+");

    @Option(names = "--kind", defaultValue = "#", description = "software, campaign, meter-result, alarm, or # for all "
            + "(default)")
    String kind;

    @Option(names = {"-g", "--group"}, defaultValue = "fums-console",
            description = "shared subscription group (default: ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--count", defaultValue = "0", description = "stop after this many distinct events (0: never)")
    int count;

    @Option(names = "--max-time", paramLabel = "SECONDS", defaultValue = "0", description = "stop after this long (0: never)")
    long durationSeconds;

    @Option(names = "--show-duplicates", description = "print an event again when it is delivered again")
    boolean showDuplicates;

    @Option(names = "--json", description = "print each event's JSON on one line")
    boolean json;

    @Override
    void before() throws ConsoleException {
        if (!KINDS.contains(kind)) {
            throw new ConsoleException(ConsoleErrors.USAGE, "--kind " + kind + ": no such event kind; give one of "
                    + String.join(", ", KINDS.subList(0, 4)) + " or # for all");
        }
        if (!"+".equals(dcu) && !io.fums.api.device.DeviceId.isValid(dcu)) {
            throw new ConsoleException(ConsoleErrors.USAGE, "--dcu " + dcu + ": not a DCU id; give one "
                    + "(fums-console dcus) or + for all");
        }
    }

    @Override
    int run(ConsoleClient client) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger distinct = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        String filter = "$share/" + group + "/" + Topics.PREFIX + "/" + dcu + "/evt/" + kind;
        client.subscribe(filter, (topic, m, signature) -> {
            String text = new String(m.getPayload(), StandardCharsets.UTF_8);
            String id;
            JsonObject o;
            try {
                o = JsonParser.parseString(text).getAsJsonObject();
                id = DcusCommand.text(o, "id");
            } catch (RuntimeException e) {
                synchronized (this) {
                    out().println(topic + " (not JSON) " + text);
                    out().flush();
                }
                return;
            }
            boolean fresh = seen.add(id == null ? topic + text : id);
            if (!fresh && !showDuplicates) {
                return;
            }
            synchronized (this) {
                if (json) {
                    out().println(text);
                } else {
                    out().println(DcusCommand.text(o, "time") + "  " + DcusCommand.text(o, "dcuId") + "  "
                            + DcusCommand.text(o, "kind") + "  " + id + (fresh ? "" : " (again)") + "  " + o.get("data")
                            + (signature == DcuKeys.Check.VERIFIED ? "" : "  [signature: "
                            + DcusCommand.signed(signature) + "]"));
                }
                out().flush();
            }
            if (fresh && count > 0 && distinct.incrementAndGet() >= count) {
                done.countDown();
            }
        });
        err().println("watching " + filter + " (Ctrl-C to stop)");
        err().flush();
        if (durationSeconds > 0) {
            done.await(durationSeconds, TimeUnit.SECONDS);
        } else {
            done.await();
        }
        return 0;
    }
}
