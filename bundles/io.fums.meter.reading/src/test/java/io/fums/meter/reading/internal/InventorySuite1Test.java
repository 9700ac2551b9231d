package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.security.Authentication;
import io.fums.emulator.meter.config.MeterCertificates;
import io.fums.meter.reading.internal.Inventory.SecuritySpec;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory's high-ecdsa meters (security suite 1): the certificate file, relative to the inventory, is read
 * and checked (X.509, P-256, bounded size); every defect refuses the whole file with CONFIG_INVALID naming the
 * meter and the file.
 */
@Tag("SEC-2")
@Tag("SEC-5")
class InventorySuite1Test {

    @TempDir
    Path dir;

    private Path inventory(String security) throws Exception {
        Path file = dir.resolve("meters.json");
        Files.writeString(file, """
                {"meters": [{"id": "m-1", "deviceType": "FUMS-EM-1", "tcp": "127.0.0.1:4061", "security": %s}]}
                """.formatted(security));
        return file;
    }

    private static String ecdsa(String certificate) {
        return """
                {"authentication": "high-ecdsa", "ciphering": true, "encryptionKey": "%s", "authenticationKey": "%s",
                 "systemTitle": "4644430000000001"%s}""".formatted(Fixtures.EK, Fixtures.AK,
                certificate == null ? "" : ", \"certificate\": \"" + certificate + "\"");
    }

    private void certificate(String name, String pem) throws Exception {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), pem);
    }

    @Test
    void aSuite1MeterWithItsCertificate() throws Exception {
        KeyPair k = MeterCertificates.keyPair(BigInteger.valueOf(12345));
        certificate("certs/m-1.crt.pem", MeterCertificates.certificatePem(k, "m-1", new byte[8]));
        Inventory inv = InventoryParser.load(inventory(ecdsa("certs/m-1.crt.pem"))).orElseThrow();
        SecuritySpec s = inv.meter("m-1").orElseThrow().security();
        assertThat(s.authentication()).isEqualTo(Authentication.HIGH_ECDSA);
        assertThat(s.label()).isEqualTo("high-ecdsa+suite1");
        assertThat(s.insecure()).isFalse();
        assertThat(s.usesCounters()).isTrue();
        assertThat(s.certificate().publicKey()).isEqualTo(k.getPublic());
        assertThat(s.certificate().fingerprint()).hasSize(64);
        assertThat(s.certificate().file()).isEqualTo(dir.resolve("certs/m-1.crt.pem").toString());
        assertThatThrownBy(() -> s.settings(null, Duration.ofSeconds(1), null, null))
                .hasMessageContaining("no DLMS client signing key");
        // keys go to the key store, the certificate stays
        assertThat(inv.meter("m-1").orElseThrow().withoutKeys().security().certificate()).isEqualTo(s.certificate());
    }

    @Test
    void defectsRefuseTheInventory() throws Exception {
        certificate("bad.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        certificate("big.pem", "x".repeat(17 * 1024));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        certificate("p384.pem", selfSigned(g.generateKeyPair()));
        refused(ecdsa(null), "m-1: security: high-ecdsa needs certificate");
        refused(ecdsa("missing.pem"), "missing.pem is not a regular file");
        refused(ecdsa("bad.pem"), "is not an X.509 certificate");
        refused(ecdsa("big.pem"), "is larger than 16384 octets");
        refused(ecdsa("p384.pem"), "not an EC key on P-256");
        refused("""
                {"authentication": "high-gmac", "ciphering": true, "keyRef": "store", "systemTitle": "4644430000000001",
                 "certificate": "bad.pem"}""", "certificate is for high-ecdsa meters");
        refused("""
                {"authentication": "high-ecdsa", "ciphering": true, "certificate": "bad.pem"}""",
                "high-ecdsa needs encryptionKey");
    }

    private void refused(String security, String message) throws Exception {
        Path file = inventory(security);
        assertThatThrownBy(() -> InventoryParser.load(file)).as(security).isInstanceOfSatisfying(FumsException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains(message).contains("meters.json");
                });
    }

    private static String selfSigned(KeyPair k) throws Exception {
        X500Name n = new X500Name("CN=p384");
        byte[] der = new JcaX509v3CertificateBuilder(n, BigInteger.ONE, new Date(), new Date(), n, k.getPublic())
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(k.getPrivate())).getEncoded();
        java.io.StringWriter out = new java.io.StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("CERTIFICATE", der));
        }
        return out.toString();
    }
}
