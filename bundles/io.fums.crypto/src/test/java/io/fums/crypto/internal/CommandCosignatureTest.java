package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.crypto.CommandVerifier;
import io.fums.crypto.VerifiedCommand;
import io.fums.crypto.command.CommandCodec;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.sign.TrustSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Co-signatures (dual control, SEC-4): a second operator signs the same
 * signed bytes; the verifier checks every co-signature like the first and
 * reports the distinct signers. Whether two are needed is the caller's
 * policy (the DCU's request router for {@code meters.disconnect}).
 */
class CommandCosignatureTest {

    private static final DeviceId DCU = DeviceId.of("DCU-0042");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final TestPki pki = new TestPki();
    private final CommandVerifier verifier = new DefaultCommandVerifier(TrustSource.fixed(pki.ring()), CommandLimits.DEFAULTS);

    private String signed() {
        JsonObject body = new JsonObject();
        body.addProperty("meterId", "MTR-1");
        return CommandSigner.sign(pki.operator, "meters.disconnect", DCU, NOW, NOW.plusSeconds(120),
                "ZHVhbC1jb250cm9sLW5vbmNlLTE", body);
    }

    private VerifiedCommand verify(String envelope) throws Exception {
        return verifier.verify(envelope.getBytes(StandardCharsets.UTF_8), DCU, NOW, SKEW);
    }

    @Test
    @Tag("SEC-4")
    void sec4TwoDistinctOperatorsSignTheSameBytes() throws Exception {
        String once = signed();
        String twice = CommandSigner.cosign(pki.operatorP384, once);
        VerifiedCommand c = verify(twice);
        assertThat(c.keyId()).isEqualTo(pki.operator.keyId());
        assertThat(c.cosignerKeyIds()).containsExactly(pki.operatorP384.keyId());
        assertThat(c.signerKeyIds()).containsExactly(pki.operator.keyId(), pki.operatorP384.keyId());
        assertThat(c.payloadSha256()).isEqualTo(verify(once).payloadSha256());
        assertThat(verify(once).signerKeyIds()).containsExactly(pki.operator.keyId());
    }

    @Test
    @Tag("SEC-4")
    void sec4TheSameKeyTwiceCountsAsOneSigner() throws Exception {
        VerifiedCommand c = verify(CommandSigner.cosign(pki.operator, signed()));
        assertThat(c.cosignerKeyIds()).containsExactly(pki.operator.keyId());
        assertThat(c.signerKeyIds()).containsExactly(pki.operator.keyId());
    }

    @Test
    @Tag("SEC-4")
    void sec4ACosignatureByAnUnknownOrNonOperatorKeyIsRefused() {
        refused(() -> verify(CommandSigner.cosign(pki.stranger, signed())), ErrorCode.CMD_SIGNATURE_INVALID);
        refused(() -> verify(CommandSigner.cosign(pki.vendor, signed())), ErrorCode.CMD_SIGNATURE_INVALID);
    }

    @Test
    @Tag("SEC-4")
    void sec4ACosignatureOverOtherBytesIsRefused() throws Exception {
        String a = signed();
        JsonObject other = new JsonObject();
        other.addProperty("meterId", "MTR-2");
        String b = CommandSigner.sign(pki.operatorP384, "meters.disconnect", DCU, NOW, NOW.plusSeconds(120),
                "ZHVhbC1jb250cm9sLW5vbmNlLTE", other);
        // graft B's signature of another body onto A's envelope as a co-signature
        JsonObject env = JsonParser.parseString(a).getAsJsonObject();
        JsonObject graft = new JsonObject();
        graft.addProperty("keyId", pki.operatorP384.keyId());
        graft.addProperty("alg", pki.operatorP384.algorithm().id());
        graft.add("sig", JsonParser.parseString(b).getAsJsonObject().get("sig"));
        com.google.gson.JsonArray cos = new com.google.gson.JsonArray();
        cos.add(graft);
        env.add("cosignatures", cos);
        refused(() -> verify(env.toString()), ErrorCode.CMD_SIGNATURE_INVALID);
    }

    @Test
    @Tag("SEC-4")
    void sec4TooManyCosignaturesOrUnknownFieldsAreMalformed() throws Exception {
        String e = signed();
        for (int i = 0; i <= CommandCodec.MAX_COSIGNATURES; i++) {
            e = CommandSigner.cosign(pki.operatorP384, e);
        }
        String tooMany = e;
        refused(() -> verify(tooMany), ErrorCode.CMD_MALFORMED);
        JsonObject env = JsonParser.parseString(CommandSigner.cosign(pki.operatorP384, signed())).getAsJsonObject();
        env.getAsJsonArray("cosignatures").get(0).getAsJsonObject().addProperty("payload", "AAAA");
        refused(() -> verify(env.toString()), ErrorCode.CMD_MALFORMED);
    }
}
