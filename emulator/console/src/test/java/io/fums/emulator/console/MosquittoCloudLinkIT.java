package io.fums.emulator.console;

import io.fums.emulator.broker.MosquittoBroker;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same scenarios on Mosquitto (Debian package; .ci/run installs it).
 * Skipped where mosquitto is not installed. One instance per class holds
 * the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoCloudLinkIT extends CloudLinkScenarios {

    private MosquittoBroker broker;

    @BeforeAll
    void startBrokerOnce(@TempDir Path dir) throws Exception {
        assumeTrue(MosquittoBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        broker = new MosquittoBroker(dir, "").start();
    }

    @AfterAll
    void stopBrokerOnce() throws Exception {
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
