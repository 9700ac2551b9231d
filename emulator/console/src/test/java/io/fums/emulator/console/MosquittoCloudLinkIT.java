package io.fums.emulator.console;

import io.fums.emulator.broker.BrokerPki;
import io.fums.emulator.broker.MosquittoBroker;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same scenarios on Mosquitto (Debian package; .ci/run installs it), on a plain tcp:// listener
 * on purpose (the DCU with allowInsecure): over TLS the Will scenario fails, because the test hook
 * {@code CloudLink.abortConnection()} does not close a TLS socket at once (the broker sees the old
 * connection only when the DCU's reconnect takes the session over) and Mosquitto 2.0.11 publishes no Will
 * on a session takeover. Mosquitto over TLS with client certificates: MosquittoTlsIT, and in features/dcu
 * MosquittoCampaignE2EIT and OversizedRequestE2EIT.
 * Skipped where mosquitto is not installed. One instance per class holds
 * the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoCloudLinkIT extends CloudLinkScenarios {

    private MosquittoBroker broker;
    private BrokerPki pki;

    @BeforeAll
    void startBrokerOnce(@TempDir Path dir) throws Exception {
        assumeTrue(MosquittoBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        pki = BrokerPki.create(dir.resolve("pki"));
        broker = new MosquittoBroker(dir, "").start(); // plain on purpose: see the class comment
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
    BrokerPki pki() {
        return pki;
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
