package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shows one DCU's software: the committed set and every bundle. */
@Command(name = "show", description = "Show one DCU's software (committed features and running bundles).")
final class ShowCommand extends DcuRequestCommand {

    @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
    String dcu;

    @Override
    int run(ConsoleClient client) throws Exception {
        Response r = sendOne(client, dcu, "software.list", "{}", false);
        if (json || !r.ok()) {
            return report(r);
        }
        JsonObject committed = r.dataObject().getAsJsonObject("committed");
        out().println(dcu + ": software generation " + DcusCommand.text(committed, "generation") + ", committed "
                + DcusCommand.text(committed, "committed"));
        Table f = new Table("FEATURE", "VERSION");
        for (JsonElement e : committed.getAsJsonArray("features")) {
            f.row(DcusCommand.text(e.getAsJsonObject(), "name"), DcusCommand.text(e.getAsJsonObject(), "version"));
        }
        if (f.size() > 0) {
            f.print(out());
        }
        Table b = new Table("BUNDLE", "VERSION", "STATE", "LEVEL", "FEATURE");
        for (JsonElement e : r.dataObject().getAsJsonArray("bundles")) {
            JsonObject o = e.getAsJsonObject();
            b.row(DcusCommand.text(o, "symbolicName"), DcusCommand.text(o, "version"), DcusCommand.text(o, "state"),
                    DcusCommand.text(o, "startLevel"), DcusCommand.text(o, "feature"));
        }
        b.print(out());
        return 0;
    }
}
