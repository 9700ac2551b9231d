package io.fums.emulator.console;

import io.fums.emulator.broker.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cloud link scenarios on the embedded HiveMQ CE broker (file persistence, so a restart keeps sessions). */
class HiveMqCloudLinkIT extends CloudLinkScenarios {

    static EmbeddedBroker broker;

    @BeforeAll
    static void startBrokerOnce() throws Exception {
        Path data = Files.createTempDirectory("fums-hivemq-it");
        broker = EmbeddedBroker.builder().persistent(data).build().start();
    }

    @AfterAll
    static void stopBrokerOnce() {
        broker.close();
    }

    @Override
    String brokerUrl() {
        return broker.url();
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
