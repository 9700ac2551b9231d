package io.fums.emulator.console;

import io.fums.emulator.broker.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS client authentication on the embedded HiveMQ CE broker. One instance per
 * class holds the PKI and the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiveMqTlsIT extends TlsScenarios {

    private TestPki pki;
    private EmbeddedBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        broker = EmbeddedBroker.builder().tls(pki.cloud).build().start();
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
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
