package io.fums.emulator.console;

import io.fums.emulator.broker.BrokerPki;
import java.nio.file.Path;

/**
 * The TLS scenarios' PKI: the emulated cloud's {@link BrokerPki} with a DCU
 * client certificate (CN DCU-TLS), and a rogue CA of its own with a client
 * certificate of the same name.
 */
final class TestPki {

    final BrokerPki cloud;
    final Path caPem;
    final Path clientCert;
    final Path clientKey;
    final Path rogueCaPem;
    final Path rogueCert;
    final Path rogueKey;

    TestPki(Path dir) {
        cloud = BrokerPki.create(dir.resolve("cloud"));
        BrokerPki rogue = BrokerPki.create(dir.resolve("rogue"));
        caPem = cloud.caPem();
        clientCert = cloud.client("DCU-TLS").cert();
        clientKey = cloud.client("DCU-TLS").key();
        rogueCaPem = rogue.caPem();
        rogueCert = rogue.client("DCU-TLS").cert();
        rogueKey = rogue.client("DCU-TLS").key();
    }
}
