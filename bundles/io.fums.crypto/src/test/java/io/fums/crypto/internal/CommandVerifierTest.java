package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.sign.SigningKey;
import io.fums.crypto.sign.TrustSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Operator-signed commands: signature, target, validity period (SEC-3, SEC-4). */
class CommandVerifierTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final String NONCE = "b3JkZXItNDItbm9uY2UtMDAx";

    private final TestPki pki = new TestPki();
    private final CommandVerifier verifier = new DefaultCommandVerifier(TrustSource.fixed(pki.ring()), CommandLimits.DEFAULTS);

    private static JsonObject body() {
        JsonObject b = new JsonObject();
        b.addProperty("meter", "MTR-1");
        b.addProperty("relay", "open");
        return b;
    }

    private byte[] command(SigningKey key, String target, Instant issued, Instant expires) {
        return CommandSigner.sign(key, "disconnect", DeviceId.of(target), issued, expires, NONCE, body())
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] valid() {
        return command(pki.operator, "DCU-0042", NOW.minusSeconds(10), NOW.plusSeconds(290));
    }

    private FumsException refusedWith(byte[] envelope, ErrorCode code) {
        return refused(() -> verifier.verify(envelope, DCU, NOW, SKEW), code);
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void aValidCommandExposesWhatTheNonceRegistryNeeds() throws Exception {
        VerifiedCommand c = verifier.verify(valid(), DCU, NOW, SKEW);
        assertThat(c.operation()).isEqualTo("disconnect");
        assertThat(c.targetDcuId()).isEqualTo(DCU);
        assertThat(c.keyId()).isEqualTo(pki.operator.keyId());
        assertThat(c.nonce()).isEqualTo(NONCE);
        assertThat(c.expiresAt()).isEqualTo(NOW.plusSeconds(290));
        assertThat(c.retainNonceUntil()).isEqualTo(NOW.plusSeconds(320));
        assertThat(JsonParser.parseString(c.bodyJson())).isEqualTo(body());
        assertThat(c.payloadSha256()).hasSize(64);
    }

    @Test
    @Tag("SEC-1")
    @Tag("SEC-3")
    void aP384OperatorKeyIsAccepted() throws Exception {
        byte[] e = command(pki.operatorP384, "DCU-0042", NOW, NOW.plusSeconds(60));
        assertThat(verifier.verify(e, DCU, NOW, SKEW).keyId()).isEqualTo(pki.operatorP384.keyId());
    }

    @Test
    @Tag("SEC-3")
    void anySerialisationOfThePayloadVerifiesBecauseTheSignedBytesTravel() throws Exception {
        String pretty = "{\n  \"body\" : {\"relay\": \"open\"},\n  \"nonce\": \"" + NONCE + "\",\n  \"operation\": \"disconnect\",\n"
                + "  \"targetDcuId\": \"DCU-0042\", \"issuedAt\": \"2026-03-01T11:59:00Z\", \"expiresAt\": \"2026-03-01T12:04:00.5Z\"\n}";
        byte[] e = CommandSigner.signBytes(pki.operator, pretty.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        VerifiedCommand c = verifier.verify(e, DCU, NOW, SKEW);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-03-01T12:04:00.5Z"));
        assertThat(c.bodyJson()).isEqualTo("{\"relay\":\"open\"}");
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void anExpiredCommandIsRefused() {
        refusedWith(command(pki.operator, "DCU-0042", NOW.minusSeconds(600), NOW.minusSeconds(31)), ErrorCode.CMD_EXPIRED);
        assertThat(command(pki.operator, "DCU-0042", NOW.minusSeconds(600), NOW.minusSeconds(29))).isNotEmpty();
    }

    @Test
    @Tag("SEC-3")
    void expiryWithinTheSkewAndIssueWithinTheSkewAreAccepted() throws Exception {
        assertThat(verifier.verify(command(pki.operator, "DCU-0042", NOW.minusSeconds(600), NOW.minusSeconds(29)), DCU, NOW, SKEW))
                .isNotNull();
        assertThat(verifier.verify(command(pki.operator, "DCU-0042", NOW.plusSeconds(29), NOW.plusSeconds(300)), DCU, NOW, SKEW))
                .isNotNull();
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void aCommandIssuedInTheFutureOrLivingTooLongIsRefused() {
        refusedWith(command(pki.operator, "DCU-0042", NOW.plusSeconds(31), NOW.plusSeconds(300)), ErrorCode.CMD_EXPIRED);
        refusedWith(command(pki.operator, "DCU-0042", NOW, NOW.plus(Duration.ofHours(2))), ErrorCode.CMD_EXPIRED);
        refusedWith(command(pki.operator, "DCU-0042", NOW, NOW), ErrorCode.CMD_EXPIRED);
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void aCommandForAnotherDcuIsRefused() {
        FumsExceptionAssert.message(refusedWith(command(pki.operator, "DCU-0043", NOW, NOW.plusSeconds(60)),
                ErrorCode.CMD_WRONG_TARGET), "DCU-0043");
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void aBadSignatureIsRefused() {
        JsonObject env = JsonParser.parseString(new String(valid(), StandardCharsets.UTF_8)).getAsJsonObject();
        byte[] payload = Base64.getDecoder().decode(env.get("payload").getAsString());
        String text = new String(payload, StandardCharsets.UTF_8).replace("DCU-0042", "DCU-0042").replace("MTR-1", "MTR-2");
        env.addProperty("payload", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        refusedWith(env.toString().getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_SIGNATURE_INVALID);
        byte[] sig = Base64.getDecoder().decode(env.get("sig").getAsString());
        sig[sig.length - 1] ^= 1;
        JsonObject env2 = JsonParser.parseString(new String(valid(), StandardCharsets.UTF_8)).getAsJsonObject();
        env2.addProperty("sig", Base64.getEncoder().encodeToString(sig));
        refusedWith(env2.toString().getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_SIGNATURE_INVALID);
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void unknownRevokedAndNonOperatorKeysAreRefused() {
        refusedWith(command(pki.stranger, "DCU-0042", NOW, NOW.plusSeconds(60)), ErrorCode.CMD_SIGNATURE_INVALID);
        refusedWith(command(pki.vendor, "DCU-0042", NOW, NOW.plusSeconds(60)), ErrorCode.CMD_SIGNATURE_INVALID);
        CommandVerifier revoked = new DefaultCommandVerifier(TrustSource.fixed(TestPki.ring(pki.store().withRevoked(pki.operator.keyId()))),
                CommandLimits.DEFAULTS);
        refused(() -> revoked.verify(valid(), DCU, NOW, SKEW), ErrorCode.CMD_SIGNATURE_INVALID);
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void anUnsignedCommandIsRefused() {
        JsonObject env = JsonParser.parseString(new String(valid(), StandardCharsets.UTF_8)).getAsJsonObject();
        env.remove("sig");
        refusedWith(env.toString().getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_UNSIGNED);
        refusedWith("{\"operation\":\"disconnect\",\"targetDcuId\":\"DCU-0042\"}".getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED);
        refusedWith("{\"formatVersion\":1,\"payload\":\"e30=\"}".getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_UNSIGNED);
        refusedWith(new byte[0], ErrorCode.CMD_UNSIGNED);
    }

    @Test
    @Tag("SEC-3")
    void malformedEnvelopesAndPayloadsAreRefused() {
        refusedWith("not json".getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED);
        String missingNonce = "{\"operation\":\"deploy\",\"targetDcuId\":\"DCU-0042\",\"issuedAt\":\"2026-03-01T12:00:00Z\","
                + "\"expiresAt\":\"2026-03-01T12:01:00Z\",\"body\":{}}";
        FumsExceptionAssert.message(refusedWith(CommandSigner.signBytes(pki.operator, missingNonce.getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8), ErrorCode.CMD_MALFORMED), "'nonce'");
        refusedWith(new byte[70 * 1024], ErrorCode.CMD_TOO_LARGE);
        assertThatThrownBy(() -> verifier.verify(valid(), DCU, NOW, Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("SEC-3")
    @Tag("SEC-4")
    void fiveHundredRandomBitFlipsOfAnEnvelopeAreAllRefused() {
        byte[] good = valid();
        Random random = new Random(77);
        Map<ErrorCode, Integer> codes = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < 500; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                verifier.verify(bad, DCU, NOW, SKEW);
                throw new AssertionError("flip " + i + " accepted");
            } catch (FumsException e) {
                assertThat(e.code().category()).isEqualTo(ErrorCode.Category.COMMAND);
                codes.merge(e.code(), 1, Integer::sum);
            }
        }
        System.out.println("500 envelope bit flips refused: " + codes);
    }
}
