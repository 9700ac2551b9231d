package io.fums.cloud.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the cloud link (PID {@value CloudSettings#PID}); validated by {@link CloudSettings}. */
@ObjectClassDefinition(id = CloudSettings.PID, name = "FUMS cloud link (MQTT 5)",
        description = "Broker, identity, TLS, session and limits of the DCU's MQTT 5 link. See docs/cloud-link.md.")
public @interface CloudConfig {

    @AttributeDefinition(name = "DCU id", description = "This DCU's id (topic fums/v1/<id>/...). The environment "
            + "variable FUMS_DCU_ID overrides it.")
    String dcuId() default "";

    @AttributeDefinition(name = "Broker URL", description = "ssl://host:port (mqtts:// is an alias); plain "
            + "tcp://host:port (mqtt://) only with allowInsecure. The environment variable FUMS_MQTT_URL overrides it.")
    String brokerUrl() default "ssl://127.0.0.1:8883";

    @AttributeDefinition(name = "Allow an insecure link", description = "Accept a plain tcp:// broker URL (no "
            + "encryption, the broker not verified). The DCU then logs a warning at every connect, reports "
            + "\"insecure\": true in its retained state, audits it at start and its health check says WARN")
    boolean allowInsecure() default false;

    @AttributeDefinition(name = "Client id", description = "MQTT client id; empty for fums-dcu-<DCU id>")
    String clientId() default "";

    @AttributeDefinition(name = "User name", description = "Optional MQTT user name")
    String username() default "";

    @AttributeDefinition(name = "Password file", description = "File holding the MQTT password (UTF-8, one "
            + "trailing line break ignored); readable by the service user only (mode 0600 or 0400), else the link "
            + "does not start")
    String passwordFile() default "";

    /**
     * Property {@code .password}: no longer read. A password kept in Configuration Admin's store would lie in
     * plaintext in the DCU's data folder; a configuration that still sets it is refused (CONFIG_INVALID).
     */
    @AttributeDefinition(name = "Password (refused)", type = AttributeType.PASSWORD, required = false,
            description = "Not used: set passwordFile. A configuration with .password is refused")
    String _password() default "";

    @AttributeDefinition(name = "CA certificates (PEM)", description = "File of CA certificates that verify the "
            + "broker (ssl:// only); empty for the JVM's default trust store. The broker is always verified")
    String caFile() default "";

    @AttributeDefinition(name = "Client certificate (PEM)", description = "This DCU's certificate chain for TLS "
            + "client authentication, with clientKeyFile. Required for ssl:// unless username and passwordFile are "
            + "set (then the DCU warns that it authenticates by password only)")
    String clientCertFile() default "";

    @AttributeDefinition(name = "Client key (PEM)", description = "Private key of the client certificate "
            + "(PKCS#8, PKCS#1 or SEC 1, unencrypted); readable by the service user only (mode 0600 or 0400)")
    String clientKeyFile() default "";

    @AttributeDefinition(name = "Verify broker host name", description = "Check that the broker's certificate "
            + "names the host of the URL")
    boolean hostnameVerification() default true;

    @AttributeDefinition(name = "Keep-alive (s)", min = "5", max = "65535")
    int keepAliveSeconds() default 30;

    @AttributeDefinition(name = "Session expiry (s)", description = "How long the broker keeps the session "
            + "(subscriptions, queued requests) while the DCU is away", min = "0", max = "4294967295")
    long sessionExpirySeconds() default 604800;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "300")
    int connectTimeoutSeconds() default 15;

    @AttributeDefinition(name = "Receive maximum", description = "Requests the broker may send before the DCU "
            + "has taken the previous ones (MQTT 5 flow control)", min = "1", max = "65535")
    int receiveMaximum() default 8;

    @AttributeDefinition(name = "Events in flight", description = "Unacknowledged QoS 1 events at most (also "
            + "capped by the broker's receive maximum)", min = "1", max = "65535")
    int maxInflight() default 32;

    @AttributeDefinition(name = "First reconnect delay (ms)", min = "100", max = "600000")
    long reconnectMinMillis() default 1000;

    @AttributeDefinition(name = "Longest reconnect delay (ms)", min = "100", max = "3600000")
    long reconnectMaxMillis() default 120000;

    @AttributeDefinition(name = "Largest request (KiB)", description = "Larger request payloads are refused "
            + "with CMD_TOO_LARGE", min = "1", max = "1024")
    int maxRequestKilobytes() default 64;

    @AttributeDefinition(name = "Request workers", min = "1", max = "16")
    int requestThreads() default 2;

    @AttributeDefinition(name = "Largest MQTT packet (KiB)", description = "The MQTT 5 Maximum Packet Size the DCU "
            + "announces in its CONNECT: the broker must not send it a larger packet (it drops such a message for "
            + "this DCU); bounds the memory one incoming message can take. More than maxRequestKilobytes (a request "
            + "also carries its signature envelope and properties)", min = "16", max = "16384")
    int maxPacketKilobytes() default 256;

    @AttributeDefinition(name = "Request queue", description = "Requests waiting for a worker at most (QoS 0 and "
            + "QoS 1); one more is dropped, acknowledged, counted and audited as CMD_QUEUE_FULL", min = "1",
            max = "1024")
    int requestQueue() default 16;

    @AttributeDefinition(name = "Session probe interval (s)", description = "While connected, the DCU publishes a "
            + "small QoS 1 message to its own topic fums/v1/<id>/probe at this interval (and at each connect) and "
            + "expects it back; a probe not back within connectTimeoutSeconds while the DCU holds fewer than "
            + "receiveMaximum unacknowledged requests means the broker stopped delivering to this session: the DCU "
            + "logs, counts and audits it (cloud.session.stall) and reconnects. 0 turns the probe off",
            min = "0", max = "3600")
    int probeSeconds() default 60;

    @AttributeDefinition(name = "Largest artifact (MiB)", min = "1", max = "4095")
    int maxArtifactMegabytes() default 512;

    @AttributeDefinition(name = "Download folder", description = "Where artifacts are downloaded; empty for "
            + "<fums.data.dir>/cloud/downloads")
    String downloadDir() default "";

    @AttributeDefinition(name = "Download attempts", description = "Attempts (resuming with HTTP Range) before "
            + "a download is given up", min = "1", max = "100")
    int downloadAttempts() default 5;

    @AttributeDefinition(name = "HTTP timeout (s)", description = "Connect timeout and longest silence of a "
            + "download", min = "1", max = "3600")
    int httpTimeoutSeconds() default 30;

    @AttributeDefinition(name = "HTTPS CA certificates (PEM)", description = "CA certificates that verify "
            + "artifact servers; empty for the JVM's default trust store")
    String httpCaFile() default "";

    @AttributeDefinition(name = "Labels", description = "This DCU's labels, key=value separated by commas (e.g. "
            + "region=north,group=feeder-7): published in its retained state for fleet selection; at most 16, keys "
            + "[a-z][a-zA-Z0-9._-]{0,31}, values 1-64 of [A-Za-z0-9._:/-]")
    String labels() default "";
}
