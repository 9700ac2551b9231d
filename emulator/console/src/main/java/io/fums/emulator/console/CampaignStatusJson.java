package io.fums.emulator.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the console reads from a campaign's status and history answers: summaries, meters, durations. */
final class CampaignStatusJson {

    private CampaignStatusJson() {
    }

    /**
     * How long each meter took in the campaign: from its first to its last journalled transition
     * ({@code campaign.history}, {@code parallel} requests at a time); meters whose history could not be read are
     * left out.
     */
    static Map<String, Duration> durations(CampaignWatcher.Link client, String dcuId, String campaignId,
                                           Collection<String> meterIds, int parallel, Duration requestTimeout)
            throws InterruptedException {
        Map<String, Duration> out = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(meterIds);
        for (int i = 0; i < ids.size(); i += parallel) {
            Map<String, CompletableFuture<Response>> batch = new LinkedHashMap<>();
            for (String m : ids.subList(i, Math.min(ids.size(), i + parallel))) {
                JsonObject body = new JsonObject();
                body.addProperty("id", campaignId);
                body.addProperty("meterId", m);
                batch.put(m, client.request(dcuId, "campaign.history", body.toString()));
            }
            for (Map.Entry<String, CompletableFuture<Response>> e : batch.entrySet()) {
                try {
                    Response r = e.getValue().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    Duration d = r.ok() ? span(r.dataObject()) : null;
                    if (d != null) {
                        out.put(e.getKey(), d);
                    }
                } catch (ExecutionException | TimeoutException ex) {
                    // left out of the table
                }
            }
        }
        return out;
    }

    /** First to last transition of a {@code campaign.history} answer; null without transitions. */
    static Duration span(JsonObject history) {
        JsonArray t = history.has("transitions") && history.get("transitions").isJsonArray()
                ? history.getAsJsonArray("transitions") : new JsonArray();
        if (t.isEmpty()) {
            return null;
        }
        try {
            Instant first = Instant.parse(DcusCommand.text(t.get(0).getAsJsonObject(), "at"));
            Instant last = Instant.parse(DcusCommand.text(t.get(t.size() - 1).getAsJsonObject(), "at"));
            return Duration.between(first, last);
        } catch (DateTimeParseException | NullPointerException | IllegalStateException e) {
            return null;
        }
    }


    /** A summary from a progress event's data or a status. */
    static JsonObject summaryOf(JsonObject s) {
        JsonObject o = new JsonObject();
        String id = DcusCommand.text(s, "campaign");
        o.addProperty("campaign", id != null ? id : DcusCommand.text(s, "id"));
        for (String f : List.of("state", "firmware", "done", "total", "counts", "reason", "activation")) {
            o.add(f, s.has(f) ? s.get(f) : JsonNull.INSTANCE);
        }
        return o;
    }

    static List<JsonObject> meters(JsonObject status) {
        List<JsonObject> out = new ArrayList<>();
        if (status != null && status.has("meters") && status.get("meters").isJsonArray()) {
            for (JsonElement e : status.getAsJsonArray("meters")) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    static Set<String> meterIds(JsonObject status) {
        Set<String> ids = new HashSet<>();
        for (JsonObject m : meters(status)) {
            ids.add(DcusCommand.text(m, "meterId"));
        }
        return Set.copyOf(ids);
    }
}
