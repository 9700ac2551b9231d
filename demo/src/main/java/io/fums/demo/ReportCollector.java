package io.fums.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fums.demo.report.ReportData;
import io.fums.emulator.console.ConsoleClient;
import io.fums.emulator.console.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads from the DCU, over the cloud API, what the report shows. */
final class ReportCollector {

    private final ConsoleClient client;
    private final String dcu;
    private final String campaign;

    ReportCollector(ConsoleClient client, String dcu, String campaign) {
        this.client = client;
        this.dcu = dcu;
        this.campaign = campaign;
    }

    /**
     * What the periodic reads did, from the DCU's read statistics: meters whose
     * last read is older than two periods are stale; missed reads per meter.
     */
    record Readings(int meters, int stale, long done, Map<String, Long> missed) {
    }

    Readings readings(int periodSeconds) throws Exception {
        JsonObject list = get("meters.list", "{}");
        int stale = 0;
        int n = 0;
        Instant limit = Instant.now().minusSeconds(2L * periodSeconds + 5);
        List<String> ids = new ArrayList<>();
        for (JsonElement e : list.getAsJsonArray("meters")) {
            JsonObject m = e.getAsJsonObject();
            n++;
            ids.add(m.get("meterId").getAsString());
            JsonElement last = m.get("lastReadAt");
            if (last == null || last.isJsonNull() || Instant.parse(last.getAsString()).isBefore(limit)) {
                stale++;
            }
        }
        long done = 0;
        Map<String, Long> missed = new LinkedHashMap<>();
        Map<String, CompletableFuture<Response>> reads = new LinkedHashMap<>();
        for (String id : ids) {
            reads.put(id, client.request(dcu, "meters.read", "{\"meterId\": \"" + id + "\", \"limit\": 1}", null));
        }
        for (Map.Entry<String, CompletableFuture<Response>> e : reads.entrySet()) {
            Response r = e.getValue().get(120, TimeUnit.SECONDS);
            // a meter that cannot be identified now still has its statistics (status failed, data present)
            JsonObject data = r.data() != null && r.data().isJsonObject() ? r.dataObject() : null;
            if (data == null || !data.has("stats")) {
                throw new IllegalStateException("meters.read " + e.getKey() + ": no read statistics: " + r.code() + " " + r.message());
            }
            JsonObject stats = data.getAsJsonObject("stats");
            done += stats.get("done").getAsLong();
            missed.put(e.getKey(), stats.get("missed").getAsLong());
        }
        return new Readings(n, stale, done, missed);
    }

    ReportData report(String title, Instant started, Instant finished, Map<String, String> facts, List<ReportData.Step> steps,
                      JsonObject status) throws Exception {
        List<ReportData.MeterTimeline> meters = new ArrayList<>();
        Map<String, CompletableFuture<Response>> histories = new java.util.LinkedHashMap<>();
        for (JsonElement e : status.getAsJsonArray("meters")) {
            String id = e.getAsJsonObject().get("meterId").getAsString();
            histories.put(id, client.request(dcu, "campaign.history", "{\"id\": \"" + campaign + "\", \"meterId\": \"" + id + "\"}", null));
        }
        for (JsonElement e : status.getAsJsonArray("meters")) {
            JsonObject job = e.getAsJsonObject();
            String id = job.get("meterId").getAsString();
            List<ReportData.Transition> transitions = new ArrayList<>();
            Response r = histories.get(id).get(60, TimeUnit.SECONDS);
            if (r.ok()) {
                for (JsonElement t : r.dataObject().getAsJsonArray("transitions")) {
                    JsonObject o = t.getAsJsonObject();
                    transitions.add(new ReportData.Transition(o.get("to").getAsString(), Instant.parse(o.get("at").getAsString())));
                }
            }
            meters.add(new ReportData.MeterTimeline(id, text(job, "state"), text(job, "errorCode"), text(job, "message"), transitions));
        }
        List<ReportData.Alarm> alarms = new ArrayList<>();
        List<ReportData.AuditRow> audit = new ArrayList<>();
        JsonObject entries = get("audit.query", "{\"limit\": 2000}");
        for (JsonElement e : entries.getAsJsonArray("entries")) {
            JsonObject a = e.getAsJsonObject();
            Instant at = Instant.parse(a.get("time").getAsString());
            audit.add(new ReportData.AuditRow(a.get("seq").getAsLong(), at, text(a, "actor"), text(a, "action"), text(a, "outcome"),
                    text(a, "subject"), text(a, "reason")));
            if ("alarm".equals(text(a, "action")) && a.has("detail") && a.get("detail").isJsonObject()) {
                JsonObject d = a.getAsJsonObject("detail");
                alarms.add(new ReportData.Alarm(at, text(a, "subject"), text(d, "code"), text(d, "message")));
            }
        }
        audit.sort((x, y) -> Long.compare(x.seq(), y.seq()));
        alarms.sort((x, y) -> x.at().compareTo(y.at()));
        return new ReportData(title, started, finished, facts, steps, meters, alarms, audit);
    }

    private JsonObject get(String operation, String body) throws Exception {
        Response r = client.request(dcu, operation, body, null).get(120, TimeUnit.SECONDS);
        if (!r.ok()) {
            throw new IllegalStateException(operation + ": " + r.code() + " " + r.message());
        }
        return r.dataObject();
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }
}
