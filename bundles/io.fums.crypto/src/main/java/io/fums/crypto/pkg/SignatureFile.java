package io.fums.crypto.pkg;

import com.google.gson.JsonObject;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.KeyRole;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.internal.Fields;
import io.fums.crypto.internal.StrictJson;
import io.fums.crypto.internal.Text;
import io.fums.crypto.sign.EcdsaSignatures;
import io.fums.crypto.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detached signature over the exact manifest bytes, stored in a package as
 * {@code signatures/<keyId>.sig}:
 * <pre>{"keyId":"3f9a0c51d2e87b44","role":"vendor","alg":"ECDSA-P256-SHA256","sig":"MEUCIQ..."}</pre>
 * The declared role is a claim: what counts is the role the trust store
 * gives the key, and a signature whose claim differs counts for no role.
 *
 * @param keyId     the signing key's id, equal to the one in the entry name
 * @param role      the role the signer claims
 * @param algorithm the signature algorithm
 * @param signature the DER ECDSA signature
 */
public record SignatureFile(String keyId, KeyRole role, SignatureAlgorithm algorithm, byte[] signature) {

    /** Entry names of signature files. */
    public static final Pattern ENTRY = Pattern.compile("signatures/([0-9a-f]{16})\\.sig");
    /** Upper bound of a signature file. */
    public static final int MAX_BYTES = 1024;

    /** Copies the signature bytes. */
    public SignatureFile {
        signature = signature.clone();
    }

    /** A copy of the signature bytes. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The entry name of this signature: {@code signatures/<keyId>.sig}. */
    public String entryName() {
        return "signatures/" + keyId + ".sig";
    }

    /** Signs {@code manifest} with {@code key}, claiming {@code role}. */
    public static SignatureFile sign(SigningKey key, KeyRole role, byte[] manifest) {
        return new SignatureFile(key.keyId(), role, key.algorithm(), EcdsaSignatures.sign(key, manifest));
    }

    /**
     * Parses a signature entry.
     *
     * @throws FumsException {@code PKG_SIGNATURE_INVALID} naming the entry and the problem
     */
    public static SignatureFile parse(String entryName, byte[] bytes) throws FumsException {
        ErrorCode code = ErrorCode.PKG_SIGNATURE_INVALID;
        String what = "signature file " + entryName;
        Matcher m = ENTRY.matcher(entryName);
        if (!m.matches()) {
            throw new FumsException(code, what + ": name must be signatures/<keyId>.sig");
        }
        JsonObject o = StrictJson.parseObject(bytes, code, what);
        Fields f = Fields.of(o, code, what);
        f.allowOnly("keyId", "role", "alg", "sig");
        String keyId = f.string("keyId", 16);
        if (!TrustedKey.isValidKeyId(keyId) || !keyId.equals(m.group(1))) {
            throw f.invalid("keyId", "must be the 16 lower-case hex digits of the file name");
        }
        KeyRole role;
        SignatureAlgorithm alg;
        byte[] sig;
        try {
            role = KeyRole.fromId(f.string("role", 16));
        } catch (IllegalArgumentException e) {
            throw f.invalid("role", e.getMessage(), e);
        }
        try {
            alg = SignatureAlgorithm.fromId(f.string("alg", 32));
        } catch (IllegalArgumentException e) {
            throw f.invalid("alg", e.getMessage(), e);
        }
        try {
            sig = Text.base64(f.string("sig", 200));
        } catch (IllegalArgumentException e) {
            throw f.invalid("sig", "is not canonical base64", e);
        }
        return new SignatureFile(keyId, role, alg, sig);
    }

    /** The entry's bytes: one line of compact JSON and a newline. */
    public byte[] toBytes() {
        JsonObject o = new JsonObject();
        o.addProperty("keyId", keyId);
        o.addProperty("role", role.id());
        o.addProperty("alg", algorithm.id());
        o.addProperty("sig", Text.base64(signature));
        return (o + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
