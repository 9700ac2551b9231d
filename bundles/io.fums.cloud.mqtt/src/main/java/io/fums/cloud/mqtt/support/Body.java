package io.fums.cloud.mqtt.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.CloudRequest;
import io.fums.cloud.mqtt.client.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A request body ({@link io.fums.cloud.mqtt.CloudRequest#bodyJson()}) being
 * read by a {@link io.fums.cloud.mqtt.RequestHandler}: typed access to its
 * members, and a refusal ({@code CMD_MALFORMED}, starting with the operation
 * and naming the member) for a missing, unknown or mistyped one.
 *
 * <p>Bodies are parsed as the link parses every payload: well-formed UTF-8,
 * strict RFC 8259 syntax, no member twice, nothing after the object, at most
 * 64 levels deep.
 *
 * <p>Not thread-safe; a handler reads one body on one thread.
 */
@ProviderType
public final class Body {

    private final String operation;
    private final JsonObject json;

    private Body(String operation, JsonObject json) {
        this.operation = operation;
        this.json = json;
    }

    /**
     * Parses a body and checks that it has no member outside {@code allowed}.
     *
     * @throws FumsException {@code CMD_MALFORMED}
     */
    public static Body of(String operation, String bodyJson, Set<String> allowed) throws FumsException {
        return of(operation, parseObject(operation, bodyJson), allowed);
    }

    /**
     * A request's body, as the router parsed it (no second parse), checked to
     * have no member outside {@code allowed}.
     *
     * @throws FumsException {@code CMD_MALFORMED}
     * @since 1.1
     */
    public static Body of(CloudRequest request, Set<String> allowed) throws FumsException {
        return of(request.operation(), request.body(), allowed);
    }

    /**
     * An object already parsed (a request's body, or one entry of a batch in
     * it), checked to have no member outside {@code allowed}. The body reads
     * {@code o} itself, no copy.
     *
     * @throws FumsException {@code CMD_MALFORMED}
     * @since 1.1
     */
    public static Body of(String operation, JsonObject o, Set<String> allowed) throws FumsException {
        for (String name : o.keySet()) {
            if (!allowed.contains(name)) {
                throw malformed(operation, "unknown field '" + name + "' (allowed: " + new TreeSet<>(allowed) + ")");
            }
        }
        return new Body(operation, o);
    }

    /**
     * Parses a body strictly, for a handler that checks the members itself
     * (a body with a nested structure).
     *
     * @param operation the operation, for the message
     * @param bodyJson  the body
     * @return a new object, the caller's to keep
     * @throws FumsException {@code CMD_MALFORMED} with the reason
     */
    public static JsonObject parseObject(String operation, String bodyJson) throws FumsException {
        return Json.parseObject(bodyJson.getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED, operation + " body");
    }

    /** A required string. */
    public String string(String name) throws FumsException {
        String s = optString(name);
        if (s == null) {
            throw malformed(operation, "field '" + name + "' is required");
        }
        return s;
    }

    /** An optional string, null when absent. */
    public String optString(String name) throws FumsException {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw malformed(operation, "field '" + name + "' must be a string");
        }
        return p.getAsString();
    }

    /** An optional integer in a range, {@code fallback} when absent. */
    public long optLong(String name, long fallback, long min, long max) throws FumsException {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        long v;
        try {
            if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
                throw new NumberFormatException();
            }
            v = new BigDecimal(p.getAsString()).longValueExact();
        } catch (NumberFormatException | ArithmeticException ex) {
            throw malformed(operation, "field '" + name + "' must be an integer");
        }
        if (v < min || v > max) {
            throw malformed(operation, "field '" + name + "' must be " + min + ".." + max + ": " + v);
        }
        return v;
    }

    /** An optional RFC 3339 instant, null when absent. */
    public Instant optInstant(String name) throws FumsException {
        String s = optString(name);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ex) {
            throw malformed(operation, "field '" + name + "' must be an RFC 3339 UTC time such as 2026-03-01T12:00:00Z");
        }
    }

    private static FumsException malformed(String operation, String message) {
        return new FumsException(ErrorCode.CMD_MALFORMED, operation + ": " + message);
    }
}
