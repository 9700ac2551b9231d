package io.fums.emulator.console;

import io.fums.emulator.broker.MosquittoBroker;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same scenarios on Mosquitto (Debian package; .ci/run installs it).
 * Skipped where mosquitto is not installed.
 */
class MosquittoCloudLinkIT extends CloudLinkScenarios {

    static MosquittoBroker broker;

    @BeforeAll
    static void startBrokerOnce() throws Exception {
        assumeTrue(MosquittoBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        broker = new MosquittoBroker(Files.createTempDirectory("fums-mosquitto-it"), "").start();
    }

    @AfterAll
    static void stopBrokerOnce() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Mosquitto 2.0.11 does not bring a persistent session's shared
     * subscription back after its own restart (a plain one it does): the
     * outage test's watcher uses a plain subscription here. The DCU side is
     * the same either way.
     */
    @Override
    String outageFilter(String dcuId) {
        return "fums/v1/" + dcuId + "/evt/#";
    }

    @Override
    String brokerUrl() {
        return broker.url("tcp");
    }

    @Override
    void stopBroker() throws Exception {
        broker.stop();
    }

    @Override
    void startBroker() throws Exception {
        broker.start();
    }
}
