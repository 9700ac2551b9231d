package io.fums.emulator.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How the console reaches the broker; shared by every command (picocli mixin). */
public final class ConnectionOptions {

    @Option(names = {"-b", "--broker"}, paramLabel = "URL", defaultValue = "${env:FUMS_MQTT_URL:-ssl://127.0.0.1:8883}",
            description = "broker URL, ssl:// or (insecure) tcp:// (env FUMS_MQTT_URL; default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--ca", paramLabel = "PEM", defaultValue = "${env:FUMS_MQTT_CA}",
            description = "CA certificates that verify the broker (ssl://; env FUMS_MQTT_CA; default: the JVM's)")
    Path ca;

    @Option(names = "--cert", paramLabel = "PEM", defaultValue = "${env:FUMS_MQTT_CERT}",
            description = "client certificate chain for TLS client authentication (env FUMS_MQTT_CERT)")
    Path cert;

    @Option(names = "--cert-key", paramLabel = "PEM", defaultValue = "${env:FUMS_MQTT_CERT_KEY}",
            description = "private key of --cert (env FUMS_MQTT_CERT_KEY)")
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

    @Option(names = "--receive-maximum", paramLabel = "N", defaultValue = "0",
            description = "QoS 1 messages the broker may send this console before it has taken the previous ones "
                    + "(MQTT 5 Receive Maximum; 0: the client's default, 65535). Workers of one shared subscription "
                    + "group split the events fairly only with a small one, e.g. 16")
    int receiveMaximum;

    @Option(names = "--dcu-keys", paramLabel = "DIR", defaultValue = "${env:FUMS_DCU_KEYS}",
            description = "the DCUs' registered public signing keys, <dcuId>.pub.pem (env FUMS_DCU_KEYS); a DCU "
                    + "without one has its key pinned from its retained state, here if given, else for this run")
    Path dcuKeys;

    /** Refuses a named TLS file that is not there, or a certificate without its key, before anything connects. */
    void check() throws ConsoleException {
        file("--ca", ca, "the CA certificates (PEM) that verify the broker");
        file("--cert", cert, "the client certificate chain (PEM)");
        file("--cert-key", certKey, "the client certificate's private key (PEM)");
        if ((cert == null) != (certKey == null)) {
            throw new ConsoleException(ConsoleErrors.USAGE, "give --cert and --cert-key together (the client "
                    + "certificate and its private key)");
        }
    }

    private static void file(String option, Path file, String what) throws ConsoleException {
        if (file != null && !Files.isReadable(file)) {
            throw new ConsoleException(ConsoleErrors.USAGE, option + " " + file + ": " + (Files.exists(file)
                    ? "not readable" : "no such file") + "; give " + what);
        }
    }

    /** Options with a broker URL and defaults otherwise (for code and tests; DCU keys in memory only). */
    public static ConnectionOptions of(String brokerUrl) {
        ConnectionOptions o = new ConnectionOptions();
        o.broker = brokerUrl;
        return o;
    }

    /**
     * The broker URL and TLS files as command-line arguments ({@code -b URL [--ca PEM] [--cert PEM --cert-key PEM]}),
     * for code that runs console commands with these options.
     */
    public List<String> arguments() {
        List<String> a = new ArrayList<>(List.of("-b", broker));
        if (ca != null) {
            a.addAll(List.of("--ca", ca.toString()));
        }
        if (cert != null) {
            a.addAll(List.of("--cert", cert.toString(), "--cert-key", certKey.toString()));
        }
        return a;
    }

    /** Adds TLS files. */
    public ConnectionOptions tls(Path caFile, Path certFile, Path keyFile) {
        this.ca = caFile;
        this.cert = certFile;
        this.certKey = keyFile;
        return this;
    }

    /** Sets the MQTT 5 Receive Maximum this console announces (0: the client's default). */
    public ConnectionOptions receiveMaximum(int n) {
        this.receiveMaximum = n;
        return this;
    }

    /**
     * The same broker, TLS files, credentials and DCU keys for a second connection of this console (e.g. the web
     * console's rollout driver): a random client id and a clean session, so neither connection takes the other's.
     */
    public ConnectionOptions another() {
        ConnectionOptions o = new ConnectionOptions();
        o.broker = broker;
        o.ca = ca;
        o.cert = cert;
        o.certKey = certKey;
        o.noHostnameCheck = noHostnameCheck;
        o.username = username;
        o.password = password;
        o.receiveMaximum = receiveMaximum;
        o.dcuKeys = dcuKeys;
        return o;
    }

    /** Uses a fixed client id and a persistent session. */
    public ConnectionOptions session(String id, long expirySeconds) {
        this.clientId = id;
        this.sessionExpiry = expirySeconds;
        return this;
    }
}
