package io.fums.emulator.console;

import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.EmbeddedBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud link scenarios on the embedded HiveMQ CE broker (TLS with client
 * certificates; file persistence, so a restart keeps sessions); one instance per class holds the broker.
 * Requirements: CARD-2, SEC-6 (every message of the DCU signed, forged ones dropped by the console).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiveMqCloudLinkIT extends CloudLinkScenarios {

    private EmbeddedBroker broker;
    private BrokerPki pki;

    @BeforeAll
    void startBrokerOnce(@TempDir Path dir) {
        pki = BrokerPki.create(dir.resolve("pki"));
        broker = EmbeddedBroker.builder().tls(pki).persistent(dir.resolve("data")).build().start();
    }

    @AfterAll
    void stopBrokerOnce() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String brokerUrl() {
        return broker.tlsUrl();
    }

    @Override
    BrokerPki pki() {
        return pki;
    }

    @Override
    void stopBroker() {
        broker.stop();
    }

    @Override
    void startBroker() {
        broker.start();
    }
}
