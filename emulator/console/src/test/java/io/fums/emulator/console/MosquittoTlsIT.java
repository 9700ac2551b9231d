package io.fums.emulator.console;

import io.fums.emulator.broker.MosquittoBroker;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** TLS client authentication on Mosquitto (skipped where it is not installed). */
class MosquittoTlsIT extends TlsScenarios {

    static TestPki pki;
    static MosquittoBroker broker;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(MosquittoBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        pki = new TestPki(Files.createTempDirectory("fums-pki"));
        broker = new MosquittoBroker(Files.createTempDirectory("fums-mosquitto-tls"),
                "cafile " + pki.caPem + "\ncertfile " + pki.serverCert + "\nkeyfile " + pki.serverKey
                        + "\nrequire_certificate true\n").start();
    }

    @AfterAll
    static void stop() throws Exception {
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
        return broker.url("ssl");
    }
}
