package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.error.ErrorCode;
import io.fums.crypto.KeyRole;
import io.fums.crypto.SignatureAlgorithm;
import io.fums.crypto.TrustStore;
import io.fums.crypto.TrustedKey;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.TrustStoreCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a trust store validates everything and refuses the whole file on any problem. */
class TrustStoreCodecTest {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();

    private JsonObject json() {
        return JsonParser.parseString(new String(TrustStoreCodec.write(pki.store()), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private void invalid(Consumer<JsonObject> edit, String... message) {
        JsonObject o = json();
        edit.accept(o);
        FumsExceptionAssert.message(refused(() -> TrustStoreCodec.parse(o.toString().getBytes(StandardCharsets.UTF_8)),
                ErrorCode.CONFIG_INVALID), message);
    }

    private static JsonObject key(JsonObject o, int i) {
        return o.getAsJsonArray("keys").get(i).getAsJsonObject();
    }

    @Test
    @Tag("SEC-3")
    void writesAndReadsBack() throws Exception {
        TrustStore s = pki.store().withRevoked(pki.vendor2.keyId()).withThreshold(KeyRole.UTILITY, 2);
        Path f = Files.write(dir.resolve("truststore.json"), TrustStoreCodec.write(s));
        KeyRing ring = TrustStoreCodec.read(f);
        assertThat(ring.store()).isEqualTo(s);
        assertThat(ring.store().threshold(KeyRole.UTILITY)).isEqualTo(2);
        assertThat(ring.store().threshold(KeyRole.VENDOR)).isEqualTo(1);
        assertThat(ring.publicKey(pki.vendorP384.keyId()).orElseThrow().algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P384_SHA384);
    }

    @Test
    @Tag("SEC-3")
    void thresholdsAndRevokedAreOptionalWithSafeDefaults() throws Exception {
        JsonObject o = json();
        o.remove("thresholds");
        o.remove("revoked");
        TrustStore s = TrustStoreCodec.parse(o.toString().getBytes(StandardCharsets.UTF_8)).store();
        assertThat(s.thresholds()).isEqualTo(Map.of(KeyRole.VENDOR, 1, KeyRole.UTILITY, 1));
    }

    @Test
    @Tag("SEC-3")
    void everyKindOfBadContentIsRefused() {
        invalid(o -> key(o, 0).addProperty("keyId", pki.stranger.keyId()), "does not match");
        invalid(o -> key(o, 0).addProperty("algorithm", "ECDSA-P384-SHA384"), "P-256 key");
        invalid(o -> key(o, 0).addProperty("role", "admin"), "'keys[0].role'");
        invalid(o -> key(o, 0).addProperty("publicKey", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), "key ");
        invalid(o -> key(o, 0).addProperty("extra", 1), "unknown field 'keys[0].extra'");
        invalid(o -> key(o, 0).remove("publicKey"), "'keys[0].publicKey'", "missing");
        invalid(o -> o.getAsJsonObject("thresholds").addProperty("vendor", 0), "'thresholds.vendor'");
        invalid(o -> o.getAsJsonObject("thresholds").addProperty("operator", 1), "unknown field 'thresholds.operator'");
        invalid(o -> o.getAsJsonArray("revoked").add("XYZ"), "'revoked[0]'");
        invalid(o -> o.getAsJsonArray("keys").add(key(o, 0)), "listed twice");
        invalid(o -> o.addProperty("formatVersion", 2), "'formatVersion'");
        invalid(o -> o.add("keys", new JsonObject()), "'keys'", "array");
    }

    @Test
    @Tag("SEC-3")
    void duplicateMembersAndBrokenJsonAreRefused() {
        String dup = "{\"formatVersion\":1,\"keys\":[],\"keys\":[]}";
        FumsExceptionAssert.message(refused(() -> TrustStoreCodec.parse(dup.getBytes(StandardCharsets.UTF_8)), ErrorCode.CONFIG_INVALID),
                "appears twice");
        refused(() -> TrustStoreCodec.parse("{\"formatVersion\":1,\"keys\":[]} x".getBytes(StandardCharsets.UTF_8)), ErrorCode.CONFIG_INVALID);
        refused(() -> TrustStoreCodec.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}), ErrorCode.CONFIG_INVALID);
        refused(() -> TrustStoreCodec.read(dir.resolve("missing.json")), ErrorCode.CONFIG_MISSING);
    }

    @Test
    @Tag("SEC-5")
    void aThresholdCanNeverBeSwitchedOff() {
        assertThatThrownBy(() -> TrustStore.empty().withThreshold(KeyRole.UTILITY, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustStore.empty().withThreshold(KeyRole.OPERATOR, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustStore(List.of(), Map.of(), Set.of("nothex"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustedKey("ABCDEF0123456789", KeyRole.VENDOR, SignatureAlgorithm.ECDSA_P256_SHA256, "", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
