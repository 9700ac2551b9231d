package io.fums.crypto.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Typed, strict access to the members of a JSON object: every refusal names
 * the field by its path (e.g. {@code releaseNotes.fixedProblems[2]}) and
 * carries the code given for the document.
 */
public final class Fields {

    private final JsonObject obj;
    private final ErrorCode code;
    private final String what;
    private final String path;

    private Fields(JsonObject obj, ErrorCode code, String what, String path) {
        this.obj = obj;
        this.code = code;
        this.what = what;
        this.path = path;
    }

    /** The fields of a document's root object. */
    public static Fields of(JsonObject root, ErrorCode code, String what) {
        return new Fields(root, code, what, "");
    }

    /** The underlying object. */
    public JsonObject raw() {
        return obj;
    }

    /** True if the member is present (even if null). */
    public boolean has(String name) {
        return obj.has(name);
    }

    /** Refuses any member not named. */
    public void allowOnly(String... names) throws FumsException {
        Set<String> allowed = new HashSet<>(Arrays.asList(names));
        for (String k : obj.keySet()) {
            if (!allowed.contains(k)) {
                throw new FumsException(code, what + ": unknown field '" + path + Text.printable(k) + "'");
            }
        }
    }

    /** The exception for an invalid field. */
    public FumsException invalid(String name, String problem) {
        return new FumsException(code, what + ": field '" + path + name + "' " + problem);
    }

    /** The exception for an invalid field, with its cause. */
    public FumsException invalid(String name, String problem, Throwable cause) {
        return new FumsException(code, what + ": field '" + path + name + "' " + problem, cause);
    }

    private JsonElement required(String name) throws FumsException {
        JsonElement e = obj.get(name);
        if (e == null) {
            throw invalid(name, "is missing");
        }
        if (e.isJsonNull()) {
            throw invalid(name, "must not be null");
        }
        return e;
    }

    /** A required string of 1 to {@code maxLength} characters without control characters. */
    public String string(String name, int maxLength) throws FumsException {
        return checkString(name, required(name), maxLength);
    }

    private String checkString(String name, JsonElement e, int maxLength) throws FumsException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw invalid(name, "must be a string");
        }
        String s = e.getAsString();
        if (s.isEmpty()) {
            throw invalid(name, "must not be empty");
        }
        if (s.length() > maxLength) {
            throw invalid(name, "is longer than " + maxLength + " characters");
        }
        if (!Text.hasNoControlCharacters(s)) {
            throw invalid(name, "contains control characters");
        }
        return s;
    }

    /** A required PEM text: 1 to {@code maxLength} characters, line breaks allowed, no other control characters. */
    public String pem(String name, int maxLength) throws FumsException {
        JsonElement e = required(name);
        if (!isString(e)) {
            throw invalid(name, "must be a string");
        }
        String s = e.getAsString();
        if (s.isEmpty() || s.length() > maxLength || !Text.hasNoControlCharacters(s.replace('\n', ' ').replace('\r', ' '))) {
            throw invalid(name, "must be a PEM block of at most " + maxLength + " characters");
        }
        return s;
    }

    /** A required integer between {@code min} and {@code max}. */
    public long integer(String name, long min, long max) throws FumsException {
        JsonElement e = required(name);
        if (!e.isJsonPrimitive() || !(e.getAsJsonPrimitive().isNumber()) || !(e.getAsNumber() instanceof Long)) {
            throw invalid(name, "must be an integer");
        }
        long v = e.getAsLong();
        if (v < min || v > max) {
            throw invalid(name, "must be between " + min + " and " + max + ", not " + v);
        }
        return v;
    }

    /** An optional boolean. */
    public boolean bool(String name, boolean absent) throws FumsException {
        if (!obj.has(name)) {
            return absent;
        }
        JsonElement e = required(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw invalid(name, "must be true or false");
        }
        return e.getAsBoolean();
    }

    /** A required RFC 3339 UTC time, e.g. {@code 2026-03-01T12:00:00Z}. */
    public Instant time(String name) throws FumsException {
        String s = string(name, 40);
        if (!Text.UTC_TIME.matcher(s).matches()) {
            throw invalid(name, "must be an RFC 3339 UTC time such as 2026-03-01T12:00:00Z");
        }
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw invalid(name, "is not a valid time", e);
        }
    }

    /** A required nested object. */
    public Fields object(String name) throws FumsException {
        JsonElement e = required(name);
        if (!e.isJsonObject()) {
            throw invalid(name, "must be an object");
        }
        return new Fields(e.getAsJsonObject(), code, what, path + name + ".");
    }

    /** A required array of objects, at most {@code maxItems}. */
    public List<Fields> objects(String name, int maxItems) throws FumsException {
        JsonArray a = array(name, maxItems);
        List<Fields> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isJsonObject()) {
                throw invalid(name + "[" + i + "]", "must be an object");
            }
            out.add(new Fields(a.get(i).getAsJsonObject(), code, what, path + name + "[" + i + "]."));
        }
        return out;
    }

    /** A required array of strings (each 1 to {@code maxLength} characters), at most {@code maxItems}. */
    public List<String> strings(String name, int maxItems, int maxLength) throws FumsException {
        JsonArray a = array(name, maxItems);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (e.isJsonNull()) {
                throw invalid(name + "[" + i + "]", "must not be null");
            }
            out.add(checkString(name + "[" + i + "]", e, maxLength));
        }
        return out;
    }

    private JsonArray array(String name, int maxItems) throws FumsException {
        JsonElement e = required(name);
        if (!e.isJsonArray()) {
            throw invalid(name, "must be an array");
        }
        if (e.getAsJsonArray().size() > maxItems) {
            throw invalid(name, "has more than " + maxItems + " items");
        }
        return e.getAsJsonArray();
    }

    /** The member names and string values of a required object of strings. */
    public List<String[]> stringMap(String name, int maxItems, int maxLength) throws FumsException {
        Fields o = object(name);
        if (o.obj.size() > maxItems) {
            throw invalid(name, "has more than " + maxItems + " members");
        }
        List<String[]> out = new ArrayList<>();
        for (String k : o.obj.keySet()) {
            out.add(new String[] {k, o.string(k, maxLength)});
        }
        return out;
    }

    /** True if the element is a JSON string primitive. */
    static boolean isString(JsonElement e) {
        return e instanceof JsonPrimitive && ((JsonPrimitive) e).isString();
    }
}
