package io.fums.crypto.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Parses untrusted JSON more strictly than Gson's tree parser: strict
 * RFC 8259 syntax, valid UTF-8 without a byte order mark, no duplicate member
 * names (two parsers must never read different values from one signed
 * document), bounded nesting, nothing after the value. Integers that fit a
 * long become long primitives, other numbers BigDecimal.
 */
public final class StrictJson {

    private static final int MAX_DEPTH = 32;
    private static final Pattern INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]{0,17})");

    private StrictJson() {
    }

    /**
     * Parses a document whose root must be an object.
     *
     * @param bytes UTF-8 JSON
     * @param code  the code of the exception for bad input
     * @param what  names the document in messages, e.g. "manifest"
     */
    public static JsonObject parseObject(byte[] bytes, ErrorCode code, String what) throws FumsException {
        String text = decodeUtf8(bytes, code, what);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new FumsException(code, what + ": starts with a byte order mark");
        }
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new FumsException(code, what + ": not a JSON object");
            }
            JsonElement root = read(r, 0, code, what);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new FumsException(code, what + ": data after the JSON object");
            }
            return root.getAsJsonObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new FumsException(code, what + ": invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Decodes UTF-8, refusing malformed sequences instead of replacing them. */
    public static String decodeUtf8(byte[] bytes, ErrorCode code, String what) throws FumsException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FumsException(code, what + ": not valid UTF-8", e);
        }
    }

    private static JsonElement read(JsonReader r, int depth, ErrorCode code, String what) throws IOException, FumsException {
        if (depth > MAX_DEPTH) {
            throw new FumsException(code, what + ": nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (r.peek()) {
            case BEGIN_OBJECT: {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    if (o.has(name)) {
                        throw new FumsException(code, what + ": member '" + Text.printable(name) + "' appears twice");
                    }
                    o.add(name, read(r, depth + 1, code, what));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY: {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r, depth + 1, code, what));
                }
                r.endArray();
                return a;
            }
            case STRING:
                return new JsonPrimitive(r.nextString());
            case NUMBER: {
                String n = r.nextString();
                return INTEGER.matcher(n).matches() ? new JsonPrimitive(Long.parseLong(n)) : new JsonPrimitive(new BigDecimal(n));
            }
            case BOOLEAN:
                return new JsonPrimitive(r.nextBoolean());
            case NULL:
                r.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new FumsException(code, what + ": unexpected " + r.peek());
        }
    }
}
