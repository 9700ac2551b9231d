package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.Json;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The DCU's audit log: query and verify (read-only). */
@Command(name = "audit", description = "Query or verify a DCU's tamper-evident audit log.",
        subcommands = {AuditCommand.Query.class, AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: query or verify");
    }

    @Command(name = "query", description = "Audit entries, newest first.")
    static final class Query extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Option(names = "--action", description = "only this action, e.g. command.verify, software.fetch")
        String action;

        @Option(names = "--outcome", description = "OK, REFUSED or FAILED")
        String outcome;

        @Option(names = "--since", paramLabel = "TIME", description = "RFC 3339 UTC, e.g. 2026-03-01T12:00:00Z")
        Instant since;

        @Option(names = "--until", paramLabel = "TIME", description = "RFC 3339 UTC")
        Instant until;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        int run(ConsoleClient client) throws Exception {
            JsonObject body = new JsonObject();
            if (action != null) {
                body.addProperty("action", action);
            }
            if (outcome != null) {
                body.addProperty("outcome", outcome);
            }
            if (since != null) {
                body.addProperty("since", since.toString());
            }
            if (until != null) {
                body.addProperty("until", until.toString());
            }
            body.addProperty("limit", limit);
            Response r = sendOne(client, dcu, "audit.query", Json.GSON.toJson(body), false);
            if (json || !r.ok()) {
                return report(r);
            }
            Table t = new Table("SEQ", "TIME", "ACTOR", "ACTION", "OUTCOME", "REASON", "SUBJECT");
            for (JsonElement e : r.dataObject().getAsJsonArray("entries")) {
                JsonObject o = e.getAsJsonObject();
                t.row(DcusCommand.text(o, "seq"), DcusCommand.text(o, "time"), DcusCommand.text(o, "actor"),
                        DcusCommand.text(o, "action"), DcusCommand.text(o, "outcome"), DcusCommand.text(o, "reason"),
                        DcusCommand.text(o, "subject"));
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "verify", description = "Check the whole hash chain of a DCU's audit log.")
    static final class Verify extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Override
        int run(ConsoleClient client) throws Exception {
            Response r = sendOne(client, dcu, "audit.verify", "{}", false);
            if (json || !r.ok()) {
                return report(r);
            }
            JsonObject d = r.dataObject();
            boolean ok = d.has("ok") && d.get("ok").getAsBoolean();
            out().println(dcu + ": " + (ok ? "INTACT" : "BROKEN") + " - " + DcusCommand.text(d, "message")
                    + (ok ? ", last hash " + DcusCommand.text(d, "lastHash") : ""));
            return ok ? 0 : 1;
        }
    }
}
