package io.fums.crypto.sign;

import com.google.gson.stream.JsonWriter;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.internal.Fields;
import io.fums.crypto.internal.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes the trust store JSON (format version 1). Reading checks
 * everything (syntax, fields, roles, thresholds, key material, key ids) and
 * refuses the whole file on the first problem with {@code CONFIG_INVALID}.
 */
public final class TrustStoreCodec {

    /** Upper bound of a trust store file. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_KEYS = 1000;
    private static final String WHAT = "trust store";

    private TrustStoreCodec() {
    }

    /**
     * Reads and checks a trust store file.
     *
     * @throws FumsException {@code CONFIG_MISSING} if there is no file,
     *     {@code CONFIG_INVALID} if it cannot be read or is invalid
     */
    public static KeyRing read(Path file) throws FumsException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new FumsException(ErrorCode.CONFIG_MISSING, "trust store " + file + " does not exist", e);
        } catch (IOException e) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "trust store " + file + " cannot be read: " + e, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new FumsException(ErrorCode.CONFIG_INVALID, "trust store " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(bytes);
    }

    /** Parses and checks trust store JSON. */
    public static KeyRing parse(byte[] bytes) throws FumsException {
        ErrorCode code = ErrorCode.CONFIG_INVALID;
        Fields f = Fields.of(StrictJson.parseObject(bytes, code, WHAT), code, WHAT);
        f.allowOnly("formatVersion", "keys", "thresholds", "revoked");
        long version = f.integer("formatVersion", 1, Integer.MAX_VALUE);
        if (version != 1) {
            throw f.invalid("formatVersion", "is " + version + "; only format version 1 is read");
        }
        List<TrustedKey> keys = new ArrayList<>();
        for (Fields k : f.objects("keys", MAX_KEYS)) {
            k.allowOnly("keyId", "role", "algorithm", "publicKey", "label");
            String id = k.string("keyId", 16);
            if (!TrustedKey.isValidKeyId(id)) {
                throw k.invalid("keyId", "must be 16 lower-case hex digits");
            }
            KeyRole role = parse(k, "role", () -> KeyRole.fromId(k.string("role", 16)));
            SignatureAlgorithm alg = parse(k, "algorithm", () -> SignatureAlgorithm.fromId(k.string("algorithm", 32)));
            String pem = k.pem("publicKey", 4096);
            String label = k.has("label") ? k.string("label", 200) : "";
            keys.add(new TrustedKey(id, role, alg, pem, label));
        }
        Map<KeyRole, Integer> thresholds = new EnumMap<>(KeyRole.class);
        if (f.has("thresholds")) {
            Fields t = f.object("thresholds");
            t.allowOnly("vendor", "utility");
            for (KeyRole r : new KeyRole[] {KeyRole.VENDOR, KeyRole.UTILITY}) {
                if (t.has(r.id())) {
                    thresholds.put(r, (int) t.integer(r.id(), 1, TrustStore.MAX_THRESHOLD));
                }
            }
        }
        Set<String> revoked = new TreeSet<>();
        if (f.has("revoked")) {
            List<String> ids = f.strings("revoked", MAX_KEYS, 16);
            for (int i = 0; i < ids.size(); i++) {
                if (!TrustedKey.isValidKeyId(ids.get(i))) {
                    throw f.invalid("revoked[" + i + "]", "must be 16 lower-case hex digits");
                }
                revoked.add(ids.get(i));
            }
        }
        try {
            return KeyRing.of(new TrustStore(keys, thresholds, revoked));
        } catch (IllegalArgumentException e) {
            throw new FumsException(code, WHAT + ": " + e.getMessage(), e);
        }
    }

    private interface Value<T> {
        T get() throws FumsException;
    }

    private static <T> T parse(Fields f, String field, Value<T> v) throws FumsException {
        try {
            return v.get();
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, e.getMessage(), e);
        }
    }

    /** The trust store as UTF-8 JSON, two-space indent, final newline. */
    public static byte[] write(TrustStore store) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setIndent("  ");
            w.beginObject();
            w.name("formatVersion").value(1);
            w.name("keys").beginArray();
            for (TrustedKey k : store.keys()) {
                w.beginObject();
                w.name("keyId").value(k.keyId());
                w.name("role").value(k.role().id());
                w.name("algorithm").value(k.algorithm().id());
                w.name("publicKey").value(k.publicKeyPem());
                if (!k.label().isEmpty()) {
                    w.name("label").value(k.label());
                }
                w.endObject();
            }
            w.endArray();
            w.name("thresholds").beginObject();
            for (Map.Entry<KeyRole, Integer> e : store.thresholds().entrySet()) {
                w.name(e.getKey().id()).value(e.getValue());
            }
            w.endObject();
            w.name("revoked").beginArray();
            for (String id : store.revoked()) {
                w.value(id);
            }
            w.endArray();
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (out + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
