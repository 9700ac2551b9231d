package io.fums.emulator.console;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the console reaches the broker; shared by every command (picocli mixin). */
public final class ConnectionOptions {

    @Option(names = {"-b", "--broker"}, paramLabel = "URL", defaultValue = "${env:FUMS_MQTT_URL:-tcp://127.0.0.1:1883}",
            description = "broker URL, tcp:// or ssl:// (env FUMS_MQTT_URL; default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--ca", paramLabel = "PEM", description = "CA certificates that verify the broker (ssl://)")
    Path ca;

    @Option(names = "--cert", paramLabel = "PEM", description = "client certificate chain for TLS client authentication")
    Path cert;

    @Option(names = "--cert-key", paramLabel = "PEM", description = "private key of --cert")
    Path certKey;

    @Option(names = "--no-hostname-check", description = "do not check the broker certificate's host name")
    boolean noHostnameCheck;

    @Option(names = {"-u", "--username"}, description = "MQTT user name")
    String username;

    @Option(names = "--password", defaultValue = "${env:FUMS_MQTT_PASSWORD}", description = "MQTT password (env FUMS_MQTT_PASSWORD)")
    String password;

    @Option(names = "--client-id", description = "MQTT client id (default: fums-console-<random>)")
    String clientId;

    @Option(names = "--session-expiry", paramLabel = "SECONDS", defaultValue = "0",
            description = "keep the session this long after a disconnect (0: a clean session; default)")
    long sessionExpiry;

    @Option(names = "--dcu-keys", paramLabel = "DIR", defaultValue = "${env:FUMS_DCU_KEYS}",
            description = "the DCUs' registered public signing keys, <dcuId>.pub.pem (env FUMS_DCU_KEYS); a DCU "
                    + "without one has its key pinned from its retained state, here if given, else for this run")
    Path dcuKeys;

    /** Options with a broker URL and defaults otherwise (for code and tests; DCU keys in memory only). */
    public static ConnectionOptions of(String brokerUrl) {
        ConnectionOptions o = new ConnectionOptions();
        o.broker = brokerUrl;
        return o;
    }

    /** Adds TLS files. */
    public ConnectionOptions tls(Path caFile, Path certFile, Path keyFile) {
        this.ca = caFile;
        this.cert = certFile;
        this.certKey = keyFile;
        return this;
    }

    /** Uses a fixed client id and a persistent session. */
    public ConnectionOptions session(String id, long expirySeconds) {
        this.clientId = id;
        this.sessionExpiry = expirySeconds;
        return this;
    }
}
