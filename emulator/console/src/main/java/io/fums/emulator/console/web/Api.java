package io.fums.emulator.console.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.device.DeviceId;
import io.fums.emulator.console.ConsoleException;
import io.fums.emulator.console.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The web console's JSON API, without HTTP: each method validates its arguments (an invalid one is an
 * {@link ApiError} before anything is asked of a DCU) and answers a JSON object. Documented in docs/console.md.
 */
final class Api {

    static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern METER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final int MAX_AUDIT = 500;

    private final ConsoleLink link;
    private final LiveFleet fleet;
    private final RolloutSource rollouts;
    private final RolloutSeries series;
    private final Duration timeout;
    private final String version;

    Api(ConsoleLink link, LiveFleet fleet, RolloutSource rollouts, RolloutSeries series, Duration timeout, String version) {
        this.link = link;
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.series = series;
        this.timeout = timeout;
        this.version = version;
    }

    /** {@code GET /api/session}: the token commands carry, and whether this console can sign. */
    JsonObject session(String csrf) {
        JsonObject o = new JsonObject();
        o.addProperty("csrf", csrf);
        o.addProperty("operatorKeyId", link.operatorKeyId());
        o.addProperty("commands", link.operatorKeyId() != null);
        o.addProperty("rolloutSource", rollouts.name());
        o.addProperty("version", version);
        return o;
    }

    /** {@code GET /api/fleet}: every DCU, with counts online and offline. */
    JsonObject fleet() {
        List<LiveFleet.Dcu> dcus = fleet.dcus();
        JsonObject o = new JsonObject();
        long online = dcus.stream().filter(LiveFleet.Dcu::online).count();
        o.addProperty("online", online);
        o.addProperty("offline", dcus.size() - online);
        o.add("dcus", WebJson.GSON.toJsonTree(dcus));
        return o;
    }

    /** {@code GET /api/rollouts}. */
    JsonObject rollouts() {
        JsonObject o = new JsonObject();
        o.addProperty("source", rollouts.name());
        o.add("rollouts", WebJson.GSON.toJsonTree(rollouts.rollouts()));
        return o;
    }

    /** {@code GET /api/rollouts/{id}}: the rollout, its samples over time and its failures by code. */
    JsonObject rollout(String id) throws ApiError, InterruptedException {
        campaignId(id, "rollout");
        RolloutSource.Rollout r = rollouts.rollout(id).orElseThrow(() -> ApiError.notFound("no rollout '" + id + "'"));
        JsonObject o = WebJson.GSON.toJsonTree(r).getAsJsonObject();
        o.add("series", WebJson.GSON.toJsonTree(series.of(id)));
        JsonObject failures = new JsonObject();
        rollouts.failures(id).forEach(failures::addProperty);
        o.add("failures", failures);
        return o;
    }

    /**
     * {@code POST /api/rollouts/{id}/{action}}: body {@code {"confirm": id}} ({@code {"confirm": id, "dcu": dcuId}}
     * for exclude); the DCUs' answers.
     */
    JsonObject control(String id, String action, String body) throws ApiError, InterruptedException {
        campaignId(id, "rollout");
        RolloutSource.Action a;
        try {
            a = RolloutSource.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("ACTION_UNKNOWN", "no action '" + action + "': give start, pause, resume, cancel "
                    + "or exclude");
        }
        JsonObject b;
        try {
            JsonElement e = JsonParser.parseString(body);
            b = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            b = null;
        }
        if (b == null) {
            throw ApiError.badRequest("BODY_INVALID", "the body must be a JSON object {\"confirm\": \"<rollout id>\"}");
        }
        if (!id.equals(DcuEvent.text(b, "confirm"))) {
            throw ApiError.badRequest("NOT_CONFIRMED", "the operator did not confirm: the body's confirm must be the "
                    + "rollout's id '" + id + "'");
        }
        String dcu = DcuEvent.text(b, "dcu");
        if (a == RolloutSource.Action.EXCLUDE) {
            if (dcu == null || !DeviceId.isValid(dcu)) {
                throw ApiError.badRequest("DCU_ID_INVALID", "exclude needs the body's dcu, a DCU id (1 to 64 characters"
                        + " of A-Z a-z 0-9 . _ -): " + dcu);
            }
        } else if (dcu != null) {
            throw ApiError.badRequest("BODY_INVALID", "only exclude takes a dcu; " + a.wire() + " applies to the "
                    + "whole rollout");
        }
        if (link.operatorKeyId() == null) {
            throw new ApiError(403, "NO_OPERATOR_KEY", "this console runs without an operator key (serve -k PEM): "
                    + "it cannot sign commands");
        }
        RolloutSource.Rollout known = rollouts.rollout(id).orElseThrow(() -> ApiError.notFound("no rollout '" + id
                + "'"));
        if (dcu != null && known.dcus().stream().noneMatch(p -> p.dcuId().equals(dcu))) {
            throw ApiError.notFound("DCU '" + dcu + "' is not in rollout '" + id + "'");
        }
        List<RolloutSource.PartOutcome> outcomes;
        try {
            outcomes = rollouts.control(id, a, dcu);
        } catch (ConsoleException e) {
            throw new ApiError(403, "NO_OPERATOR_KEY", e.getMessage());
        }
        JsonObject o = new JsonObject();
        boolean ok = !outcomes.isEmpty() && outcomes.stream().allMatch(p -> "ok".equals(p.status()));
        o.addProperty("rollout", id);
        o.addProperty("action", a.wire());
        if (dcu != null) {
            o.addProperty("dcu", dcu);
        }
        o.addProperty("ok", ok);
        o.addProperty("signedBy", link.operatorKeyId());
        o.add("dcus", WebJson.GSON.toJsonTree(outcomes));
        return o;
    }

    /** {@code GET /api/dcus/{dcu}}: the DCU as the fleet page shows it, and its latest alarms. */
    JsonObject dcu(String dcu) throws ApiError {
        dcuId(dcu);
        LiveFleet.Dcu d = fleet.dcu(dcu);
        if (d == null) {
            throw ApiError.notFound("no DCU '" + dcu + "' has a state on the broker");
        }
        JsonObject o = WebJson.GSON.toJsonTree(d).getAsJsonObject();
        o.add("alarmList", WebJson.GSON.toJsonTree(fleet.alarms(dcu)));
        return o;
    }

    /** {@code GET /api/dcus/{dcu}/campaigns}: the DCU's campaigns ({@code campaign.status}). */
    JsonObject campaigns(String dcu) throws ApiError, InterruptedException {
        dcuId(dcu);
        return ask(dcu, "campaign.status", "{}");
    }

    /** {@code GET /api/dcus/{dcu}/campaigns/{id}}: the campaign with every meter's job ({@code campaign.status}). */
    JsonObject campaign(String dcu, String id) throws ApiError, InterruptedException {
        dcuId(dcu);
        campaignId(id, "campaign");
        return ask(dcu, "campaign.status", body("id", id));
    }

    /** {@code GET /api/dcus/{dcu}/campaigns/{id}/meters/{meter}}: one meter's transitions ({@code campaign.history}). */
    JsonObject history(String dcu, String id, String meter) throws ApiError, InterruptedException {
        dcuId(dcu);
        campaignId(id, "campaign");
        if (meter == null || !METER_ID.matcher(meter).matches()) {
            throw ApiError.badRequest("METER_ID_INVALID", "'" + meter + "' is not a meter id");
        }
        JsonObject b = new JsonObject();
        b.addProperty("id", id);
        b.addProperty("meterId", meter);
        return ask(dcu, "campaign.history", b.toString());
    }

    /** {@code GET /api/dcus/{dcu}/audit?limit=N}: the DCU's audit trail, newest first ({@code audit.query}). */
    JsonObject audit(String dcu, String limit) throws ApiError, InterruptedException {
        dcuId(dcu);
        int n = 50;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_AUDIT) {
                throw ApiError.badRequest("LIMIT_INVALID", "limit must be 1 to " + MAX_AUDIT + ": " + limit);
            }
        }
        JsonObject b = new JsonObject();
        b.addProperty("limit", n);
        return ask(dcu, "audit.query", b.toString());
    }

    private JsonObject ask(String dcu, String operation, String body) throws ApiError, InterruptedException {
        if (fleet.dcu(dcu) == null) {
            throw ApiError.notFound("no DCU '" + dcu + "' has a state on the broker");
        }
        Response r;
        try {
            r = link.request(dcu, operation, body).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiError(504, "TIMEOUT", dcu + ": no response to " + operation + " within " + timeout.toSeconds()
                    + " s (is the DCU online?)");
        } catch (ExecutionException e) {
            throw new ApiError(502, "DCU_UNREACHABLE", dcu + ": " + operation + " not sent: " + e.getCause().getMessage());
        }
        if (!r.ok()) {
            int status = "CMD_CAMPAIGN_UNKNOWN".equals(r.code()) ? 404 : 502;
            throw new ApiError(status, r.code() == null ? "DCU_FAILED" : r.code(), dcu + ": " + r.message());
        }
        JsonObject o = r.dataObject();
        o.addProperty("dcuId", dcu);
        o.addProperty("signature", r.signature() == null ? null : r.signature().name());
        return o;
    }

    private static void dcuId(String dcu) throws ApiError {
        if (dcu == null || !DeviceId.isValid(dcu)) {
            throw ApiError.badRequest("DCU_ID_INVALID", "'" + dcu + "' is not a DCU id (1 to 64 characters of "
                    + "A-Z a-z 0-9 . _ -)");
        }
    }

    private static void campaignId(String id, String what) throws ApiError {
        if (id == null || !CAMPAIGN_ID.matcher(id).matches()) {
            throw ApiError.badRequest(what.toUpperCase(Locale.ROOT) + "_ID_INVALID", "'" + id + "' is not a " + what
                    + " id ([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
        }
    }

    private static String body(String field, String value) {
        JsonObject b = new JsonObject();
        b.addProperty(field, value);
        return b.toString();
    }
}
