package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows a DCU's software swaps, newest first. */
@Command(name = "history", description = "Show a DCU's software swaps, newest first.")
final class HistoryCommand extends DcuRequestCommand {

    @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
    String dcu;

    @Option(names = "--limit", defaultValue = "20", description = "at most this many (1-1000; default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    int run(ConsoleClient client) throws Exception {
        Response r = sendOne(client, dcu, "software.history", "{\"limit\":" + limit + "}", false);
        if (json || !r.ok()) {
            return report(r);
        }
        Table t = new Table("STARTED", "FEATURE", "FROM", "TO", "OUTCOME", "CODE", "MESSAGE");
        for (JsonElement e : r.dataObject().getAsJsonArray("swaps")) {
            JsonObject s = e.getAsJsonObject();
            t.row(DcusCommand.text(s, "started"), DcusCommand.text(s, "feature"), DcusCommand.text(s, "from"),
                    DcusCommand.text(s, "to"), DcusCommand.text(s, "outcome"), DcusCommand.text(s, "code"),
                    DcusCommand.text(s, "message"));
        }
        t.print(out());
        return 0;
    }
}
