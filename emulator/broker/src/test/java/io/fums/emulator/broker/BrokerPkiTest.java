package io.fums.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulated cloud's PKI and brokers whose only listener is TLS with client certificates required (SEC-1). */
@Tag("SEC-1")
class BrokerPkiTest {

    @TempDir
    Path dir;

    @Test
    void clientCertificatesNameTheirHolderAndKeysAreOwnerOnly() throws Exception {
        BrokerPki pki = BrokerPki.create(dir.resolve("pki"));
        BrokerPki.ClientFiles dcu = pki.client("DCU-0001");
        assertThat(pki.client("DCU-0001")).as("issued once").isEqualTo(dcu);
        List<X509Certificate> chain = certificates(dcu.cert());
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=DCU-0001");
        chain.get(0).verify(certificates(pki.caPem()).get(0).getPublicKey());
        assertThat(certificates(pki.serverCert()).get(0).getSubjectAlternativeNames().toString())
                .contains("localhost").contains("127.0.0.1");
        for (Path key : List.of(dcu.key(), pki.console().key(), pki.serverKey())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                    .isEqualTo("rw-------");
        }
        assertThatThrownBy(() -> pki.client("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void embeddedBrokerWithTlsOnlyRequiresAClientCertificate() throws Exception {
        BrokerPki pki = BrokerPki.create(dir.resolve("pki"));
        try (EmbeddedBroker broker = EmbeddedBroker.builder().tls(pki).build().start()) {
            assertThat(broker.hasPlainListener()).isFalse();
            assertThat(broker.configXml()).doesNotContain("<tcp-listener>").contains("REQUIRED");
            assertThatThrownBy(broker::url).isInstanceOf(IllegalStateException.class).hasMessageContaining("tlsUrl");
            assertAdmitsOnlyClientsWithCertificates(pki, broker.tlsUrl());
        }
        try (EmbeddedBroker both = EmbeddedBroker.builder().tls(pki).plainListener(true).build()) {
            assertThat(both.configXml()).contains("<tcp-listener>").contains("<tls-tcp-listener>");
        }
    }

    @Test
    void mosquittoWithTlsOnlyRequiresAClientCertificate() throws Exception {
        assumeTrue(MosquittoBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        BrokerPki pki = BrokerPki.create(dir.resolve("pki"));
        try (MosquittoBroker broker = MosquittoBroker.withTls(dir.resolve("mosquitto"), pki).start()) {
            assertAdmitsOnlyClientsWithCertificates(pki, broker.tlsUrl());
        }
    }

    private static void assertAdmitsOnlyClientsWithCertificates(BrokerPki pki, String url) throws Exception {
        MqttClient ok = connect(url, "with-cert", context(pki.caPem(), pki.client("DCU-0001")));
        assertThat(ok.isConnected()).isTrue();
        ok.disconnect();
        ok.close();
        assertThatThrownBy(() -> connect(url, "without-cert", context(pki.caPem(), null)))
                .isInstanceOf(MqttException.class);
        BrokerPki rogue = BrokerPki.create(pki.dir().resolveSibling("rogue"));
        assertThatThrownBy(() -> connect(url, "rogue-cert", context(pki.caPem(), rogue.client("DCU-0001"))))
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect(url.replace("ssl://", "tcp://"), "plain", null))
                .isInstanceOf(MqttException.class);
    }

    private static MqttClient connect(String url, String id, SSLContext tls) throws Exception {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(10);
        if (tls != null) {
            o.setSocketFactory(tls.getSocketFactory());
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static SSLContext context(Path ca, BrokerPki.ClientFiles client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificates(ca).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("c", key(client.key()), new char[0], certificates(client.cert()).toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(pem); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                out.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) o));
            }
        }
        return out;
    }

    private static PrivateKey key(Path pem) throws Exception {
        try (Reader r = Files.newBufferedReader(pem); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }
}
