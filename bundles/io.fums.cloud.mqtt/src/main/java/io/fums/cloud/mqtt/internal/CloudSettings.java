package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.BrokerUrls;
import io.fums.cloud.mqtt.client.Topics;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The validated settings of the cloud link, parsed from {@link CloudConfig},
 * the environment and the framework properties without OSGi.
 *
 * @param dcuId                this DCU
 * @param brokerUrl            Paho server URI, {@code tcp://} or {@code ssl://}, with a port
 * @param clientId             the MQTT client id
 * @param username             null for none
 * @param password             null for none (read from passwordFile)
 * @param tls                  the TLS files (used for ssl:// only)
 * @param keepAlive            keep-alive interval
 * @param sessionExpiry        session expiry interval
 * @param connectTimeout       connect timeout
 * @param receiveMaximum       incoming QoS 1 messages in flight at most
 * @param maxInflight          outgoing QoS 1 events in flight at most
 * @param reconnectMin         first reconnect delay
 * @param reconnectMax         longest reconnect delay
 * @param maxRequestBytes      largest request payload
 * @param requestThreads       request worker threads
 * @param maxPacketBytes       the MQTT 5 Maximum Packet Size announced to the broker
 * @param requestQueue         requests waiting for a worker at most
 * @param probeInterval        how often the session probe goes round; zero for no probe
 * @param maxArtifactBytes     largest artifact download
 * @param downloadDir          where downloads go
 * @param downloadAttempts     attempts per download
 * @param httpTimeout          HTTP connect and read timeout
 * @param httpCaFile           CA file for HTTPS downloads, null for the JVM default
 * @param labels               this DCU's labels ({@link DcuLabels}), published in its retained state
 */
public record CloudSettings(DeviceId dcuId, String brokerUrl, String clientId, String username, char[] password,
                            TlsFiles tls, Duration keepAlive, Duration sessionExpiry, Duration connectTimeout,
                            int receiveMaximum, int maxInflight, Duration reconnectMin, Duration reconnectMax,
                            int maxRequestBytes, int requestThreads, int maxPacketBytes, int requestQueue,
                            Duration probeInterval, long maxArtifactBytes, Path downloadDir,
                            int downloadAttempts, Duration httpTimeout, Path httpCaFile,
                            Map<String, String> labels) {

    /** The configuration PID. */
    public static final String PID = "io.fums.cloud.mqtt";
    /** Environment variable overriding the DCU id. */
    public static final String ENV_DCU_ID = "FUMS_DCU_ID";
    /** Environment variable overriding the broker URL. */
    public static final String ENV_MQTT_URL = "FUMS_MQTT_URL";
    /** Framework (or system) property with the DCU id, the last fallback (shared with io.fums.security). */
    public static final String DCU_ID_PROPERTY = "fums.dcu.id";
    /** Framework (or system) property naming the data directory. */
    public static final String DATA_DIR_PROPERTY = "fums.data.dir";
    /** The data directory when nothing names one. */
    public static final String DEFAULT_DATA_DIR = "/var/lib/fums";

    /**
     * TLS material, each a PEM file or null.
     *
     * @param caFile                CA certificates that verify the broker; null for the JVM default
     * @param clientCertFile        the client's certificate chain
     * @param clientKeyFile         the client's private key
     * @param hostnameVerification  check the broker's host name
     */
    public record TlsFiles(Path caFile, Path clientCertFile, Path clientKeyFile, boolean hostnameVerification) {
    }

    /**
     * Validates a configuration.
     *
     * @param c                 the configuration
     * @param env               looks up an environment variable (null if unset); {@code System::getenv} in the DCU.
     *                          The DCU id is the first set of: FUMS_DCU_ID, dcuId, framework property fums.dcu.id
     * @param frameworkProperty looks up a framework property, falling back to system properties (null if unset)
     * @return the settings
     * @throws FumsException {@code CONFIG_MISSING} without a DCU id; {@code CONFIG_INVALID} naming the bad value
     */
    public static CloudSettings from(CloudConfig c, UnaryOperator<String> env, UnaryOperator<String> frameworkProperty)
            throws FumsException {
        String id = firstSet(env.apply(ENV_DCU_ID), firstSet(c.dcuId(), frameworkProperty.apply(DCU_ID_PROPERTY)));
        if (id == null) {
            throw new FumsException(ErrorCode.CONFIG_MISSING, "cloud link: no DCU id: set the environment variable "
                    + ENV_DCU_ID + ", dcuId in configuration " + PID + " or the framework property " + DCU_ID_PROPERTY);
        }
        if (!DeviceId.isValid(id)) {
            throw invalid("DCU id '" + id + "' is invalid: 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        DeviceId dcu = DeviceId.of(id);
        boolean fromEnv = blankToNull(env.apply(ENV_MQTT_URL)) != null;
        String url = normaliseBrokerUrl(firstSet(env.apply(ENV_MQTT_URL), c.brokerUrl()), fromEnv ? ENV_MQTT_URL : "brokerUrl");
        String clientId = firstSet(c.clientId(), "fums-dcu-" + dcu.value());
        if (clientId.length() > 128) {
            throw invalid("clientId is longer than 128 characters");
        }
        Path cert = path("clientCertFile", c.clientCertFile());
        Path key = path("clientKeyFile", c.clientKeyFile());
        if ((cert == null) != (key == null)) {
            throw invalid("clientCertFile and clientKeyFile go together: give both or neither");
        }
        TlsFiles tls = new TlsFiles(path("caFile", c.caFile()), cert, key, c.hostnameVerification());
        if (blankToNull(c._password()) != null) {
            throw invalid("the property .password is not read: a password in the configuration store lies in "
                    + "plaintext in the DCU's data folder; put it in a file readable by the service user only "
                    + "(chmod 600) and name it in passwordFile");
        }
        Path passwordFile = path("passwordFile", c.passwordFile());
        String username = blankToNull(c.username());
        if (passwordFile != null && username == null) {
            throw invalid("passwordFile needs a username");
        }
        checkTransport(url, fromEnv ? ENV_MQTT_URL : "brokerUrl", c.allowInsecure(), cert != null,
                username != null && passwordFile != null);
        if (key != null) {
            PrivateFiles.requireOwnerOnly("clientKeyFile", key);
        }
        char[] password = passwordFile == null ? null : PrivateFiles.readPassword("passwordFile", passwordFile);
        range("keepAliveSeconds", c.keepAliveSeconds(), 5, 65535);
        range("sessionExpirySeconds", c.sessionExpirySeconds(), 0, 4294967295L);
        range("connectTimeoutSeconds", c.connectTimeoutSeconds(), 1, 300);
        range("receiveMaximum", c.receiveMaximum(), 1, 65535);
        range("maxInflight", c.maxInflight(), 1, 65535);
        range("reconnectMinMillis", c.reconnectMinMillis(), 100, 600_000);
        range("reconnectMaxMillis", c.reconnectMaxMillis(), 100, 3_600_000);
        if (c.reconnectMaxMillis() < c.reconnectMinMillis()) {
            throw invalid("reconnectMaxMillis must not be below reconnectMinMillis");
        }
        range("maxRequestKilobytes", c.maxRequestKilobytes(), 1, 1024);
        range("requestThreads", c.requestThreads(), 1, 16);
        range("maxPacketKilobytes", c.maxPacketKilobytes(), 16, 16384);
        if (c.maxPacketKilobytes() <= c.maxRequestKilobytes()) {
            throw invalid("maxPacketKilobytes (" + c.maxPacketKilobytes() + ") must be more than maxRequestKilobytes ("
                    + c.maxRequestKilobytes() + "): a request packet also carries its topic, properties and signature");
        }
        range("requestQueue", c.requestQueue(), 1, 1024);
        range("probeSeconds", c.probeSeconds(), 0, 3600);
        range("maxArtifactMegabytes", c.maxArtifactMegabytes(), 1, 4095);
        range("downloadAttempts", c.downloadAttempts(), 1, 100);
        range("httpTimeoutSeconds", c.httpTimeoutSeconds(), 1, 3600);
        Path downloads = path("downloadDir", c.downloadDir());
        if (downloads == null) {
            downloads = dataDir(frameworkProperty).resolve("cloud").resolve("downloads");
        }
        return new CloudSettings(dcu, url, clientId, username, password, tls, Duration.ofSeconds(c.keepAliveSeconds()),
                Duration.ofSeconds(c.sessionExpirySeconds()), Duration.ofSeconds(c.connectTimeoutSeconds()),
                c.receiveMaximum(), c.maxInflight(), Duration.ofMillis(c.reconnectMinMillis()),
                Duration.ofMillis(c.reconnectMaxMillis()), c.maxRequestKilobytes() * 1024, c.requestThreads(),
                c.maxPacketKilobytes() * 1024, c.requestQueue(), Duration.ofSeconds(c.probeSeconds()),
                c.maxArtifactMegabytes() * 1024L * 1024L, downloads, c.downloadAttempts(),
                Duration.ofSeconds(c.httpTimeoutSeconds()), path("httpCaFile", c.httpCaFile()),
                DcuLabels.parse(c.labels()));
    }

    /** True for an ssl:// broker URL. */
    public boolean usesTls() {
        return brokerUrl.startsWith("ssl://");
    }

    /** True for a plain tcp:// link, which only {@code allowInsecure} admits (SEC-5: visible, reported). */
    public boolean insecure() {
        return !usesTls();
    }

    /** True for TLS without a client certificate: the DCU authenticates by user name and password only. */
    public boolean passwordOnly() {
        return usesTls() && tls.clientCertFile() == null;
    }

    /**
     * The secure default (SEC-1, SEC-5): ssl:// with a client certificate. tcp:// needs allowInsecure;
     * ssl:// without a client certificate needs a user name and password file.
     */
    private static void checkTransport(String url, String source, boolean allowInsecure, boolean clientCertificate,
                                       boolean credentials) throws FumsException {
        if (!url.startsWith("ssl://")) {
            if (!allowInsecure) {
                throw invalid(source + " " + url + " is a plain tcp:// link (not encrypted, the broker not "
                        + "verified): use ssl://, or set allowInsecure=true to accept it knowingly");
            }
            return;
        }
        if (!clientCertificate && !credentials) {
            throw invalid("ssl:// link to " + url + " without a client certificate: set clientCertFile and "
                    + "clientKeyFile (or, where the broker authenticates by password, username and passwordFile)");
        }
    }

    /** The DCU's topic root, {@code fums/v1/{dcuId}}. */
    public String topicRoot() {
        return Topics.root(dcuId);
    }

    /**
     * {@link BrokerUrls#normalise}, the message naming this configuration.
     *
     * @throws FumsException {@code CONFIG_INVALID} for anything but scheme, host and port
     */
    public static String normaliseBrokerUrl(String value, String source) throws FumsException {
        try {
            return BrokerUrls.normalise(value, source);
        } catch (FumsException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Path dataDir(UnaryOperator<String> frameworkProperty) throws FumsException {
        String dir = firstSet(frameworkProperty.apply(DATA_DIR_PROPERTY), DEFAULT_DATA_DIR);
        Path p = path(DATA_DIR_PROPERTY, dir);
        if (!p.isAbsolute()) {
            throw invalid(DATA_DIR_PROPERTY + " must be an absolute path: " + dir);
        }
        return p;
    }

    private static Path path(String what, String value) throws FumsException {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw invalid(what + " is not a valid path: " + v);
        }
    }

    private static void range(String what, long value, long min, long max) throws FumsException {
        if (value < min || value > max) {
            throw invalid(what + " must be " + min + ".." + max + ": " + value);
        }
    }

    private static String firstSet(String preferred, String fallback) {
        String p = blankToNull(preferred);
        return p != null ? p : blankToNull(fallback);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static FumsException invalid(String message) {
        return new FumsException(ErrorCode.CONFIG_INVALID, "cloud link configuration " + PID + ": " + message);
    }

    @Override
    public String toString() {
        return "CloudSettings[dcuId=" + dcuId + ", brokerUrl=" + brokerUrl + ", clientId=" + clientId
                + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", tls=" + tls
                + ", insecure=" + insecure() + "]";
    }
}
