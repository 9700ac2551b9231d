package io.fums.emulator.console;

import io.fums.emulator.broker.MosquittoBroker;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS client authentication on Mosquitto (skipped where it is not installed).
 * One instance per class holds the PKI and the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoTlsIT extends TlsScenarios {

    private TestPki pki;
    private MosquittoBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(MosquittoBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        broker = MosquittoBroker.withTls(Files.createDirectories(dir.resolve("mosquitto")), pki.cloud).start();
    }

    @AfterAll
    void stop() throws Exception {
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
