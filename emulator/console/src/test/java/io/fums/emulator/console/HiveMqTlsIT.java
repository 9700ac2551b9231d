package io.fums.emulator.console;

import io.fums.emulator.broker.EmbeddedBroker;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** TLS client authentication on the embedded HiveMQ CE broker. */
class HiveMqTlsIT extends TlsScenarios {

    static TestPki pki;
    static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(Files.createTempDirectory("fums-pki"));
        broker = EmbeddedBroker.builder().tls(new EmbeddedBroker.TlsListener(0, pki.serverKeyStore, TestPki.PASSWORD,
                pki.serverTrustStore, TestPki.PASSWORD, true)).build().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Override
    TestPki pki() {
        return pki;
    }

    @Override
    String tlsUrl() {
        return broker.tlsUrl();
    }
}
