package io.fums.emulator.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The console's renderings of campaign, firmware and meter data (docs/mqtt-api.md 7.7 to 7.17). */
final class CampaignTables {

    private CampaignTables() {
    }

    /** {@code SUCCEEDED=38 REVERTED=2 TRANSFERRING=10}, in the order the DCU gives. */
    static String counts(JsonObject summary) {
        JsonElement c = summary == null ? null : summary.get("counts");
        if (c == null || !c.isJsonObject() || c.getAsJsonObject().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject().entrySet()) {
            parts.add(e.getKey() + "=" + e.getValue().getAsString());
        }
        return String.join(" ", parts);
    }

    /** {@code fw-2  RUNNING  40/100 done  SUCCEEDED=38 ...} for a summary, a status or a progress event's data. */
    static String progressLine(JsonObject s) {
        String id = DcusCommand.text(s, "campaign");
        StringBuilder b = new StringBuilder(id != null ? id : String.valueOf(DcusCommand.text(s, "id")));
        b.append("  ").append(DcusCommand.text(s, "state"));
        b.append("  ").append(DcusCommand.text(s, "done")).append('/').append(DcusCommand.text(s, "total")).append(" done");
        String counts = counts(s);
        if (!counts.isEmpty()) {
            b.append("  ").append(counts);
        }
        String reason = DcusCommand.text(s, "reason");
        if (reason != null) {
            b.append("  (").append(reason).append(')');
        }
        return b.toString();
    }

    /** Every campaign's summary ({@code campaign.status} without an id). */
    static Table campaigns(JsonArray campaigns) {
        Table t = new Table("CAMPAIGN", "STATE", "FIRMWARE", "DONE", "CREATED", "UPDATED", "COUNTS");
        for (JsonElement e : campaigns) {
            JsonObject c = e.getAsJsonObject();
            t.row(DcusCommand.text(c, "id"), DcusCommand.text(c, "state"), DcusCommand.text(c, "firmware"),
                    DcusCommand.text(c, "done") + "/" + DcusCommand.text(c, "total"), DcusCommand.text(c, "createdAt"),
                    DcusCommand.text(c, "updatedAt"), blankToNull(counts(c)));
        }
        return t;
    }

    /**
     * One row per meter of a campaign: meter, state, error code, duration
     * (first to last transition, when known), attempts, last update and message.
     */
    static Table meters(JsonObject status, Map<String, Duration> durations) {
        Table t = new Table("METER", "STATE", "ERROR", "DURATION", "ATTEMPTS", "UPDATED", "MESSAGE");
        for (JsonObject m : CampaignStatusJson.meters(status)) {
            String id = DcusCommand.text(m, "meterId");
            Duration d = durations == null ? null : durations.get(id);
            t.row(id, DcusCommand.text(m, "state"), DcusCommand.text(m, "errorCode"), d == null ? null : duration(d),
                    DcusCommand.text(m, "attempts"), DcusCommand.text(m, "updated"), DcusCommand.text(m, "message"));
        }
        return t;
    }

    /** A meter's journalled transitions ({@code campaign.history}). */
    static Table transitions(JsonObject history) {
        Table t = new Table("AT", "FROM", "TO", "ERROR", "DETAIL");
        JsonElement list = history.get("transitions");
        if (list != null && list.isJsonArray()) {
            for (JsonElement e : list.getAsJsonArray()) {
                JsonObject x = e.getAsJsonObject();
                t.row(DcusCommand.text(x, "at"), DcusCommand.text(x, "from"), DcusCommand.text(x, "to"),
                        DcusCommand.text(x, "errorCode"), DcusCommand.text(x, "detail"));
            }
        }
        return t;
    }

    /** Staged firmware packages ({@code firmware.list}, {@code firmware.stage}). */
    static Table firmware(List<JsonObject> packages) {
        Table t = new Table("PACKAGE SHA-256", "NAME", "VERSION", "COMPONENT", "VENDOR", "DEVICE TYPES", "SIZE",
                "STAGED");
        for (JsonObject f : packages) {
            List<String> types = new ArrayList<>();
            if (f.has("compatible") && f.get("compatible").isJsonArray()) {
                f.getAsJsonArray("compatible").forEach(x -> types.add(x.getAsString()));
            }
            t.row(DcusCommand.text(f, "packageSha256"), DcusCommand.text(f, "name"), DcusCommand.text(f, "version"),
                    f.has("component") ? DcusCommand.text(f, "component") : "core", DcusCommand.text(f, "vendor"), blankToNull(String.join(",", types)), DcusCommand.text(f, "size"),
                    DcusCommand.text(f, "stagedAt"));
        }
        return t;
    }

    /** The meters of {@code meters.list}. */
    static Table meterList(JsonArray meters) {
        Table t = new Table("METER", "DEVICE TYPE", "LINK", "ADDRESS", "SECURITY", "SUPPLY", "FIRMWARE", "LAST READ",
                "SUSPECT", "OFFERS");
        for (JsonElement e : meters) {
            JsonObject m = e.getAsJsonObject();
            boolean suspect = m.has("suspect") && m.get("suspect").getAsBoolean();
            t.row(DcusCommand.text(m, "meterId"), DcusCommand.text(m, "deviceType"), DcusCommand.text(m, "linkId"),
                    DcusCommand.text(m, "address"), security(m), supply(m), firmwareOf(m),
                    DcusCommand.text(m, "lastReadAt"), suspect ? "yes" : "no", offers(m));
        }
        return t;
    }

    /**
     * A meter's firmware as its latest reading saw it: the core's identifier, then each other component's
     * (issue 15), e.g. {@code 1.0.0 metrology=4.0.0 communication=7.1.0}.
     */
    static String firmwareOf(JsonObject m) {
        String core = DcusCommand.text(m, "firmwareIdentifier");
        if (core == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(core);
        if (m.has("components") && m.get("components").isJsonObject()) {
            for (var e : m.getAsJsonObject("components").entrySet()) {
                if (!e.getKey().equals("core") && e.getValue().isJsonPrimitive()) {
                    b.append(' ').append(e.getKey()).append('=').append(e.getValue().getAsString());
                }
            }
        }
        return b.toString();
    }

    /**
     * What a meter's object list offers (issue 15), short: {@code image/512} (image transfer and its block size),
     * {@code schedule} or {@code no-schedule} (class 22: a scheduled activation leaves the meter out),
     * {@code disconnect}, {@code security}; "?" while the DCU has not read it.
     */
    static String offers(JsonObject m) {
        if (!m.has("capabilities") || !m.get("capabilities").isJsonObject()) {
            return "?";
        }
        JsonObject c = m.getAsJsonObject("capabilities");
        java.util.List<String> out = new java.util.ArrayList<>();
        if (flag(c, "imageTransfer")) {
            out.add("image/" + DcusCommand.text(c, "imageBlockSize"));
        }
        out.add(flag(c, "activationSchedule") ? "schedule" : "no-schedule");
        if (flag(c, "disconnectControl")) {
            out.add("disconnect");
        }
        if (flag(c, "securitySetup")) {
            out.add("security");
        }
        return String.join(",", out);
    }

    private static boolean flag(JsonObject o, String name) {
        return o.has(name) && o.get(name).isJsonPrimitive() && o.get(name).getAsBoolean();
    }

    /** A meter's security, marked INSECURE when weaker than HLS-GMAC with suite 0 (SEC-5). */
    static String security(JsonObject m) {
        boolean insecure = m.has("insecure") && m.get("insecure").getAsBoolean();
        return DcusCommand.text(m, "security") + (insecure ? " INSECURE" : "");
    }

    /** A meter's supply switch as last read or operated (SEC-4): connected, disconnected, ...; "?" if unknown. */
    static String supply(JsonObject m) {
        return m.has("supply") && m.get("supply").isJsonObject() ? DcusCommand.text(m.getAsJsonObject("supply"), "state")
                : "?";
    }

    /** Readings of {@code meters.read}: one column per value (OBIS code) in the order first seen. */
    static Table readings(JsonArray readings) {
        Set<String> codes = new LinkedHashSet<>();
        for (JsonElement e : readings) {
            JsonElement v = e.getAsJsonObject().get("values");
            if (v != null && v.isJsonObject()) {
                codes.addAll(v.getAsJsonObject().keySet());
            }
        }
        List<String> header = new ArrayList<>(List.of("SCHEDULED", "READ AT"));
        header.addAll(codes);
        Table t = new Table(header.toArray(String[]::new));
        for (JsonElement e : readings) {
            JsonObject r = e.getAsJsonObject();
            JsonObject v = r.has("values") && r.get("values").isJsonObject() ? r.getAsJsonObject("values") : new JsonObject();
            List<Object> row = new ArrayList<>(List.of(String.valueOf(DcusCommand.text(r, "scheduledAt")),
                    String.valueOf(DcusCommand.text(r, "readAt"))));
            for (String c : codes) {
                row.add(DcusCommand.text(v, c));
            }
            t.row(row.toArray());
        }
        return t;
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4m 05s}, {@code 1h 02m}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
