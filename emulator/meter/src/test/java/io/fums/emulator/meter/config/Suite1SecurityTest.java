package io.fums.emulator.meter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.fums.dlms.security.Authentication;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.store.MeterStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security suite 1 in the emulator's population: high-ecdsa meters are ciphered by default, get a P-256 key of
 * their own derived from the seed (kept across restarts) and trust the DCU's public key; their certificate is
 * a self-signed X.509 of that key.
 */
@Tag("SEC-3")
@Tag("SEC-5")
class Suite1SecurityTest {

    private final Gson gson = MeterStore.newGson();
    @TempDir Path dir;

    private List<MeterPlan> plan(String security, String state) throws IOException {
        Path f = dir.resolve("population.json");
        Files.writeString(f, """
                {"groups": [{"id": "e", "count": 2, "security": %s}]}""".formatted(security));
        return PopulationPlanner.plan(PopulationConfig.load(f, gson), gson, MeterKeys.load(dir.resolve(state)))
                .meters();
    }

    @Test
    void highEcdsaMetersHaveKeysOfTheirOwnAndTrustTheDcu() throws Exception {
        KeyPair dcu = VendorKeys.generate();
        Path pub = dir.resolve("dcu.pub.pem");
        VendorKeys.write(dcu.getPublic(), pub);
        String security = "{\"authentication\": \"high-ecdsa\", \"clientPublicKey\": \"" + pub + "\"}";
        List<MeterPlan> m = plan(security, "state");
        MeterSecurity s = m.get(0).security();
        assertThat(s.level()).isEqualTo(Authentication.HIGH_ECDSA);
        assertThat(s.ciphering()).as("ciphered unless said").isTrue();
        assertThat(s.encryptionKey()).hasSize(16);
        assertThat(s.clientKey()).isEqualTo(dcu.getPublic());
        assertThat(s.serverEcdsaKeys().peerKey()).isEqualTo(dcu.getPublic());
        assertThat(m.get(1).security().signingKey().getPublic()).isNotEqualTo(s.signingKey().getPublic());
        assertThat(plan(security, "state").get(0).security().signingKey().getPublic()).as("after a restart")
                .isEqualTo(s.signingKey().getPublic());
        assertThat(plan(security, "other-state").get(0).security().signingKey().getPublic())
                .isNotEqualTo(s.signingKey().getPublic());

        String pem = MeterCertificates.certificatePem(s.signingKey(), "e-00001", s.systemTitle());
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        c.verify(s.signingKey().getPublic()); // self-signed
        assertThat(c.getPublicKey()).isEqualTo(s.signingKey().getPublic());
        assertThat(c.getSubjectX500Principal().getName()).contains("CN=e-00001");
        assertThat(c.getSerialNumber()).isEqualTo(new BigInteger(1, s.systemTitle()));
        assertThat(c.getKeyUsage()[0]).as("digitalSignature").isTrue();
    }

    @Test
    void highEcdsaNeedsTheDcusKeyAndOnlyHighEcdsaTakesOne() {
        assertThatThrownBy(() -> plan("{\"authentication\": \"high-ecdsa\"}", "state"))
                .hasMessageContaining("high-ecdsa needs security.clientPublicKey");
        assertThatThrownBy(() -> plan("{\"authentication\": \"high-ecdsa\", \"clientPublicKey\": \"nowhere.pem\"}",
                "state")).hasMessageContaining("security.clientPublicKey");
        assertThatThrownBy(() -> plan("{\"authentication\": \"high-gmac\", \"clientPublicKey\": \"x.pem\"}",
                "state")).hasMessageContaining("clientPublicKey is for high-ecdsa meters");
    }
}
