package io.fums.emulator.console;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made with Bouncy Castle: a CA, a server certificate for
 * localhost/127.0.0.1, a DCU client certificate, and a rogue CA with its own
 * client certificate. Written as PEM files (DCU, console, Mosquitto) and
 * PKCS#12 stores (HiveMQ).
 */
final class TestPki {

    static final String PASSWORD = "changeit";

    final Path dir;
    final Path caPem;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;
    final Path rogueCaPem;
    final Path rogueCert;
    final Path rogueKey;
    final Path serverKeyStore;
    final Path serverTrustStore;

    TestPki(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        SecureRandom rnd = new SecureRandom();
        KeyPair ca = ec();
        X509Certificate caCert = cert("CN=FUMS test CA", ca, "CN=FUMS test CA", ca, true, null, rnd);
        KeyPair server = ec();
        X509Certificate srv = cert("CN=localhost", server, "CN=FUMS test CA", ca, false, KeyPurposeId.id_kp_serverAuth, rnd);
        KeyPair client = ec();
        X509Certificate cli = cert("CN=DCU-TLS", client, "CN=FUMS test CA", ca, false, KeyPurposeId.id_kp_clientAuth, rnd);
        KeyPair rogueCa = ec();
        X509Certificate rogueCaCert = cert("CN=Rogue CA", rogueCa, "CN=Rogue CA", rogueCa, true, null, rnd);
        KeyPair rogue = ec();
        X509Certificate rogueCli = cert("CN=DCU-TLS", rogue, "CN=Rogue CA", rogueCa, false, KeyPurposeId.id_kp_clientAuth, rnd);

        caPem = pem("ca.pem", caCert);
        serverCert = pem("server.crt", srv, caCert);
        serverKey = pem("server.key", server.getPrivate());
        clientCert = pem("client.crt", cli, caCert);
        clientKey = pem("client.key", client.getPrivate());
        rogueCaPem = pem("rogue-ca.pem", rogueCaCert);
        rogueCert = pem("rogue.crt", rogueCli, rogueCaCert);
        rogueKey = pem("rogue.key", rogue.getPrivate());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", server.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {srv, caCert});
        serverKeyStore = store("server.p12", ks);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", caCert);
        serverTrustStore = store("trust.p12", ts);
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean isCa,
                                        KeyPurposeId purpose, SecureRandom rnd) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), new BigInteger(64, rnd),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject),
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (purpose == KeyPurposeId.id_kp_serverAuth) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
            }
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private Path pem(String name, java.security.PrivateKey key) throws IOException {
        String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
    }

    private Path pem(String name, Object... objects) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return Files.writeString(dir.resolve(name), sw.toString());
    }

    private Path store(String name, KeyStore ks) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, PASSWORD.toCharArray());
        }
        return p;
    }
}
