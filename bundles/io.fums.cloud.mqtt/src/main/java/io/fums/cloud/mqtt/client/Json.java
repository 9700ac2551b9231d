package io.fums.cloud.mqtt.client;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** JSON for the wire, with Gson: strict parsing (no duplicate members, no trailing data), UTF-8 bytes. */
public final class Json {

    /** Serialises data values (see the API package doc); nulls are kept, Instants are RFC 3339. */
    public static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .serializeNulls()
            .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
            .create();

    private static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** A data value as a JSON tree. */
    public static JsonElement tree(Object value) {
        return value == null ? JsonNull.INSTANCE : GSON.toJsonTree(value);
    }

    /** The UTF-8 bytes of a tree. */
    public static byte[] bytes(JsonElement e) {
        return GSON.toJson(e).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a JSON object strictly: well-formed UTF-8, RFC 8259 syntax, no
     * duplicate member names, nothing after the object.
     *
     * @param bytes the text
     * @param code  the code to refuse with
     * @param what  what it is, for the message
     * @return the object
     * @throws FumsException {@code code} with the reason
     */
    public static JsonObject parseObject(byte[] bytes, ErrorCode code, String what) throws FumsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FumsException(code, what + " is not UTF-8");
        }
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new FumsException(code, what + " must be a JSON object");
            }
            JsonElement e = read(r, code, what, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new FumsException(code, what + " has data after the JSON object");
            }
            return e.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new FumsException(code, what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static JsonElement read(JsonReader r, ErrorCode code, String what, int depth) throws IOException, FumsException {
        if (depth > MAX_DEPTH) {
            throw new FumsException(code, what + " is nested deeper than " + MAX_DEPTH);
        }
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    if (o.has(name)) {
                        throw new FumsException(code, what + " has the member '" + name + "' twice");
                    }
                    o.add(name, read(r, code, what, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r, code, what, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new FumsException(code, what + " is not valid JSON");
        }
    }

    /** Instants as RFC 3339 UTC text. */
    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            return Instant.parse(in.nextString());
        }
    }
}
