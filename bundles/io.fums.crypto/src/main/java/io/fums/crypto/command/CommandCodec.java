package io.fums.crypto.command;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.internal.Fields;
import io.fums.crypto.internal.StrictJson;
import io.fums.crypto.internal.Text;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command envelope and its signed payload (see
 * {@link io.fums.crypto.CommandVerifier} for the format). Reading is strict;
 * writing produces compact payload JSON in the documented field order, but
 * any serialisation of the payload verifies, because the signed bytes travel
 * as they are.
 */
public final class CommandCodec {

    /** Operation names: lower case, dots and dashes, e.g. {@code campaign.start}. */
    public static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    /** Nonces: 16 to 128 characters of base64url. */
    public static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    /** Most co-signatures an envelope may carry (dual control needs one; the bound keeps verification cheap). */
    public static final int MAX_COSIGNATURES = 4;

    /** A parsed envelope; the signatures are not yet verified. */
    public record Envelope(String keyId, SignatureAlgorithm algorithm, byte[] payload, byte[] signature,
                           List<Cosignature> cosignatures) {
        /** Copies the co-signatures. */
        public Envelope {
            cosignatures = List.copyOf(cosignatures);
        }

        /** An envelope with one signature only. */
        public Envelope(String keyId, SignatureAlgorithm algorithm, byte[] payload, byte[] signature) {
            this(keyId, algorithm, payload, signature, List.of());
        }
    }

    /** A further operator's signature over the same payload bytes (dual control, SEC-4); not yet verified. */
    public record Cosignature(String keyId, SignatureAlgorithm algorithm, byte[] signature) {
    }

    /** A parsed payload (after verification). */
    public record Payload(String operation, DeviceId targetDcuId, Instant issuedAt, Instant expiresAt, String nonce,
                          JsonObject body) {
    }

    private CommandCodec() {
    }

    /**
     * Parses an envelope.
     *
     * @throws FumsException {@code CMD_MALFORMED}, {@code CMD_UNSIGNED} (no
     *     signature or key id) or {@code CMD_SIGNATURE_INVALID} (signature or
     *     key id not of a valid form)
     */
    public static Envelope parseEnvelope(byte[] bytes) throws FumsException {
        ErrorCode code = ErrorCode.CMD_MALFORMED;
        Fields f = Fields.of(StrictJson.parseObject(bytes, code, "command envelope"), code, "command envelope");
        f.allowOnly("formatVersion", "keyId", "alg", "payload", "sig", "cosignatures");
        if (!f.has("sig") || f.raw().get("sig").isJsonNull() || !f.has("keyId") || f.raw().get("keyId").isJsonNull()) {
            throw new FumsException(ErrorCode.CMD_UNSIGNED, "command envelope carries no operator signature (sig and keyId)");
        }
        long v = f.integer("formatVersion", 1, Integer.MAX_VALUE);
        if (v != 1) {
            throw f.invalid("formatVersion", "is " + v + "; only format version 1 is read");
        }
        byte[] payload;
        try {
            payload = Text.base64(f.string("payload", Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw f.invalid("payload", "is not canonical base64", e);
        }
        Cosignature main = signature(Fields.of(f.raw(), ErrorCode.CMD_SIGNATURE_INVALID, "command signature"));
        List<Cosignature> cosignatures = new ArrayList<>();
        if (f.has("cosignatures")) {
            for (Fields c : f.objects("cosignatures", MAX_COSIGNATURES)) {
                c.allowOnly("keyId", "alg", "sig");
                cosignatures.add(signature(Fields.of(c.raw(), ErrorCode.CMD_SIGNATURE_INVALID, "command co-signature")));
            }
        }
        return new Envelope(main.keyId(), main.algorithm(), payload, main.signature(), cosignatures);
    }

    private static Cosignature signature(Fields s) throws FumsException {
        String keyId = s.string("keyId", 16);
        if (!keyId.matches("[0-9a-f]{16}")) {
            throw s.invalid("keyId", "must be 16 lower-case hex digits");
        }
        SignatureAlgorithm alg;
        byte[] sig;
        try {
            alg = SignatureAlgorithm.fromId(s.string("alg", 32));
        } catch (IllegalArgumentException e) {
            throw s.invalid("alg", e.getMessage(), e);
        }
        try {
            sig = Text.base64(s.string("sig", 200));
        } catch (IllegalArgumentException e) {
            throw s.invalid("sig", "is not canonical base64", e);
        }
        return new Cosignature(keyId, alg, sig);
    }

    /**
     * Parses the body of a command (the operation's parameters) as strictly as
     * a DCU does: one JSON object, no duplicate members, no trailing data.
     *
     * @throws FumsException {@code CMD_MALFORMED} saying why
     */
    public static JsonObject parseBody(byte[] bytes) throws FumsException {
        return StrictJson.parseObject(bytes, ErrorCode.CMD_MALFORMED, "command body");
    }

    /**
     * Parses the signed payload.
     *
     * @throws FumsException {@code CMD_MALFORMED} naming the field
     */
    public static Payload parsePayload(byte[] bytes) throws FumsException {
        ErrorCode code = ErrorCode.CMD_MALFORMED;
        Fields f = Fields.of(StrictJson.parseObject(bytes, code, "command"), code, "command");
        f.allowOnly("operation", "targetDcuId", "issuedAt", "expiresAt", "nonce", "body");
        String op = f.string("operation", 64);
        if (!OPERATION.matcher(op).matches()) {
            throw f.invalid("operation", "must be lower-case letters, digits, dots and dashes, starting with a letter");
        }
        DeviceId target;
        try {
            target = DeviceId.of(f.string("targetDcuId", 64));
        } catch (IllegalArgumentException e) {
            throw f.invalid("targetDcuId", e.getMessage(), e);
        }
        Instant issued = f.time("issuedAt");
        Instant expires = f.time("expiresAt");
        String nonce = f.string("nonce", 128);
        if (!NONCE.matcher(nonce).matches()) {
            throw f.invalid("nonce", "must be 16 to 128 characters of A-Z a-z 0-9 _ -");
        }
        return new Payload(op, target, issued, expires, nonce, f.object("body").raw());
    }

    /** The payload as compact UTF-8 JSON in the documented field order. */
    public static byte[] writePayload(Payload p) {
        JsonObject o = new JsonObject();
        o.addProperty("operation", p.operation());
        o.addProperty("targetDcuId", p.targetDcuId().value());
        o.addProperty("issuedAt", p.issuedAt().toString());
        o.addProperty("expiresAt", p.expiresAt().toString());
        o.addProperty("nonce", p.nonce());
        o.add("body", p.body());
        return compact(o).getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope JSON (pretty-printed, final newline). */
    public static String writeEnvelope(Envelope e) {
        JsonObject o = new JsonObject();
        o.addProperty("formatVersion", 1);
        o.addProperty("keyId", e.keyId());
        o.addProperty("alg", e.algorithm().id());
        o.addProperty("payload", Text.base64(e.payload()));
        o.addProperty("sig", Text.base64(e.signature()));
        if (!e.cosignatures().isEmpty()) {
            JsonArray cos = new JsonArray();
            for (Cosignature c : e.cosignatures()) {
                JsonObject j = new JsonObject();
                j.addProperty("keyId", c.keyId());
                j.addProperty("alg", c.algorithm().id());
                j.addProperty("sig", Text.base64(c.signature()));
                cos.add(j);
            }
            o.add("cosignatures", cos);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    /** Compact JSON without HTML escaping. */
    public static String compact(JsonObject o) {
        return new GsonBuilder().disableHtmlEscaping().create().toJson(o);
    }
}
