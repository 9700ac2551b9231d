package io.fums.emulator.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.cloud.mqtt.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A DCU's meters: the inventory with what was last read, one meter read now, and the supply switch (SupplyCommands). */
@Command(name = "meters", description = {"List a DCU's meters, or identify one now with its latest readings;",
    "read or operate a meter's supply switch (disconnect needs two operators); provision a meter's keys, or rotate them on the meter."},
        subcommands = {MetersCommand.ListMeters.class, MetersCommand.Read.class, SupplyCommands.Supply.class,
            SupplyCommands.Disconnect.class, SupplyCommands.Reconnect.class, MeterKeysCommand.class,
            MeterKeysRotateCommand.class, SuspectCommand.class})
final class MetersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: list, read, supply, disconnect, reconnect, keys or keys-rotate");
    }

    @Command(name = "list", description = "Every meter: device type, link, security (INSECURE if weaker than"
            + " high-gmac+suite0 or high-ecdsa+suite1), supply switch as last read or operated (? if unknown),"
            + " firmware last read, last read time, suspect, what the meter offers (image transfer and block size,"
            + " activation schedule, disconnect control, security setup; ? until read).")
    static final class ListMeters extends DcuRequestCommand {
        @Parameters(index = "0", paramLabel = "DCU", description = "the DCU id")
        String dcu;

        @Option(names = "--device-type", paramLabel = "TYPE", description = "only meters of this device type")
        String deviceType;

        @Override
        int run(ConsoleClient client) throws Exception {
            JsonObject body = new JsonObject();
            if (deviceType != null) {
                body.addProperty("deviceType", deviceType);
            }
            Response r = sendOne(client, dcu, "meters.list", Json.GSON.toJson(body), false);
            if (json || !r.ok()) {
                return report(r);
            }
            JsonArray meters = r.dataObject().getAsJsonArray("meters");
            Table t = CampaignTables.meterList(meters);
            t.print(out());
            long insecure = meters.asList().stream().filter(e -> e.getAsJsonObject().has("insecure")
                    && e.getAsJsonObject().get("insecure").getAsBoolean()).count();
            out().println(t.size() + " meter" + (t.size() == 1 ? "" : "s")
                    + (insecure > 0 ? ", " + insecure + " INSECURE (security weaker than high-gmac+suite0 or"
                    + " high-ecdsa+suite1)" : ""));
            return 0;
        }
    }

    @Command(name = "read", description = {"Identify a meter now (device id, active firmware) and show its latest",
        "readings and read statistics. Exit 1 if the meter could not be identified."})
    static final class Read extends SupplyCommands.OneMeter {
        @Option(names = "--limit", defaultValue = "10", description = "readings shown at most (1-1000; default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        int run(ConsoleClient client) throws Exception {
            JsonObject body = new JsonObject();
            body.addProperty("meterId", meterId);
            body.addProperty("limit", limit);
            Response r = sendOne(client, dcu, "meters.read", Json.GSON.toJson(body), false);
            if (json || r.data() == null || !r.data().isJsonObject()) {
                return report(r);
            }
            print(r.dataObject());
            return report(r);
        }

        void print(JsonObject d) {
            JsonObject meter = d.has("meter") && d.get("meter").isJsonObject() ? d.getAsJsonObject("meter") : new JsonObject();
            out().println(meterId + ": " + DcusCommand.text(meter, "deviceType") + " on " + DcusCommand.text(meter, "linkId")
                    + " (" + DcusCommand.text(meter, "address") + ")"
                    + (d.has("suspect") && d.get("suspect").getAsBoolean() ? ", SUSPECT" : ""));
            if (d.has("identity") && d.get("identity").isJsonObject()) {
                JsonObject i = d.getAsJsonObject("identity");
                out().println("  device id " + DcusCommand.text(i, "deviceId") + ", firmware "
                        + DcusCommand.text(i, "firmwareIdentifier") + " (read " + DcusCommand.text(i, "readAt") + ")");
            } else if (d.has("identifyError") && d.get("identifyError").isJsonObject()) {
                JsonObject e = d.getAsJsonObject("identifyError");
                out().println("  not identified: " + DcusCommand.text(e, "code") + " " + DcusCommand.text(e, "message"));
            }
            if (d.has("stats") && d.get("stats").isJsonObject()) {
                JsonObject s = d.getAsJsonObject("stats");
                out().println("  periodic reads: " + DcusCommand.text(s, "scheduled") + " scheduled, " + DcusCommand.text(s, "done")
                        + " done, " + DcusCommand.text(s, "missed") + " missed; last read " + DcusCommand.text(s, "lastReadAt"));
            }
            JsonArray readings = d.has("readings") && d.get("readings").isJsonArray() ? d.getAsJsonArray("readings")
                    : new JsonArray();
            if (!readings.isEmpty()) {
                CampaignTables.readings(readings).print(out());
            }
        }
    }
}
