package io.fums.crypto.internal;

import static io.fums.crypto.internal.TestPackages.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.crypto.VerifyOptions;
import io.fums.crypto.command.CommandSigner;
import io.fums.crypto.sign.TrustStoreCodec;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The DS wrapper, activated by hand: trust store from the data directory, re-read at every call, bad config refuses. */
class CryptoComponentTest {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();

    private static BundleContext context(String dataDir) {
        return (BundleContext) Proxy.newProxyInstance(CryptoComponentTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> m.getName().equals("getProperty") && CryptoComponent.DATA_DIR.equals(a[0]) ? dataDir : null);
    }

    private static CryptoComponent.Config config(Map<String, Object> values) {
        return (CryptoComponent.Config) Proxy.newProxyInstance(CryptoComponentTest.class.getClassLoader(),
                new Class<?>[] {CryptoComponent.Config.class},
                (p, m, a) -> values.containsKey(m.getName()) ? values.get(m.getName()) : m.getDefaultValue());
    }

    @Test
    @Tag("SM-11")
    @Tag("SEC-3")
    void verifiesWithTheTrustStoreOfTheDataDirectoryReadAtEveryCall() throws Exception {
        Path trust = Files.createDirectories(dir.resolve("data/trust")).resolve("truststore.json");
        Files.write(trust, TrustStoreCodec.write(pki.store()));
        CryptoComponent c = new CryptoComponent(context(dir.resolve("data").toString()), config(Map.of()));
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        assertThat(c.verify(pkg, VerifyOptions.none()).manifest().name()).isEqualTo("acme-e350-fw");
        Instant now = Instant.now();
        byte[] cmd = CommandSigner.sign(pki.operator, "deploy", DeviceId.of("DCU-1"), now, now.plusSeconds(60),
                "nonce-0123456789abcdef", new com.google.gson.JsonObject()).getBytes(StandardCharsets.UTF_8);
        assertThat(c.verify(cmd, DeviceId.of("DCU-1"), now, Duration.ofSeconds(5)).operation()).isEqualTo("deploy");
        Files.write(trust, TrustStoreCodec.write(pki.store().withRevoked(pki.utility.keyId())));
        refused(() -> c.verify(pkg, VerifyOptions.none()), ErrorCode.PKG_SIGNER_REVOKED);
    }

    @Test
    void anInvalidConfigurationRefusesEveryVerification() throws Exception {
        Path pkg = TestPackages.good(dir, pki, "2.5.0");
        CryptoComponent bad = new CryptoComponent(context("/data"), config(Map.of("maxEntries", 1)));
        refused(() -> bad.verify(pkg, VerifyOptions.none()), ErrorCode.CONFIG_INVALID);
        refused(() -> bad.verify(new byte[] {'{', '}'}, DeviceId.of("D"), Instant.now(), Duration.ZERO), ErrorCode.CONFIG_INVALID);
        CryptoComponent noData = new CryptoComponent(context(null), config(Map.of()));
        refused(() -> noData.verify(pkg, VerifyOptions.none()), ErrorCode.CONFIG_MISSING);
        Path other = Files.write(dir.resolve("ts.json"), TrustStoreCodec.write(pki.store()));
        CryptoComponent configured = new CryptoComponent(context(null), config(Map.of("trustStorePath", other.toString())));
        assertThat(configured.verify(pkg, VerifyOptions.none()).payloadSha256()).hasSize(2);
    }
}
