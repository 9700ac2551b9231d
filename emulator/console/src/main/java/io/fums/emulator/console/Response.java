package io.fums.emulator.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;

/**
 * A DCU's response {@code {status, code, message, data}}.
 *
 * @param dcuId   the DCU asked
 * @param status  {@code ok}, {@code refused} or {@code failed}
 * @param code    {@code OK} or the error code
 * @param message for people
 * @param data    the data (JSON null if none)
 * @param signature how the console judged the DCU's signature on it (null: no message, e.g. a timeout)
 */
public record Response(String dcuId, String status, String code, String message, JsonElement data,
                       DcuKeys.Check signature) {

    /** A response not (yet) judged. */
    public Response(String dcuId, String status, String code, String message, JsonElement data) {
        this(dcuId, status, code, message, data, null);
    }

    /** This response with the judgement of its signature. */
    Response signed(DcuKeys.Check check) {
        return new Response(dcuId, status, code, message, data, check);
    }

    /** True for status ok. */
    public boolean ok() {
        return "ok".equals(status);
    }

    /** The data as an object, or an empty one. */
    public JsonObject dataObject() {
        return data != null && data.isJsonObject() ? data.getAsJsonObject() : new JsonObject();
    }

    /** Parses a response payload. */
    static Response parse(String dcuId, byte[] payload) {
        try {
            JsonObject o = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
            return new Response(dcuId, text(o, "status"), text(o, "code"), text(o, "message"),
                    o.has("data") ? o.get("data") : JsonNull.INSTANCE);
        } catch (RuntimeException e) {
            return new Response(dcuId, "failed", "MALFORMED_RESPONSE", "the DCU's response is not valid JSON: " + e.getMessage(),
                    JsonNull.INSTANCE);
        }
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    @Override
    public String toString() {
        return dcuId + ": " + status + " " + code + (message == null ? "" : ": " + message);
    }
}
