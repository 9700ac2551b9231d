package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudSettingsTest {

    private static final UnaryOperator<String> NO_ENV = k -> null;
    private static final UnaryOperator<String> DATA = k -> k.equals("fums.data.dir") ? "/srv/fums" : null;

    @TempDir
    Path dir;
    private Path password;

    @BeforeEach
    void passwordFile() throws Exception {
        password = Files.writeString(dir.resolve("password"), "s3cret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void defaultsWithAConfiguredId() throws FumsException {
        CloudSettings s = CloudSettings.from(Configs.dcu("DCU-0001"), NO_ENV, DATA);
        assertThat(s.dcuId().value()).isEqualTo("DCU-0001");
        assertThat(s.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(s.clientId()).isEqualTo("fums-dcu-DCU-0001");
        assertThat(s.usesTls()).isFalse();
        assertThat(s.insecure()).isTrue();
        assertThat(s.username()).isNull();
        assertThat(s.password()).isNull();
        assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.sessionExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(s.receiveMaximum()).isEqualTo(8);
        assertThat(s.maxInflight()).isEqualTo(32);
        assertThat(s.maxRequestBytes()).isEqualTo(64 * 1024);
        assertThat(s.maxArtifactBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(s.downloadDir()).isEqualTo(Path.of("/srv/fums/cloud/downloads"));
        assertThat(s.topicRoot()).isEqualTo("fums/v1/DCU-0001");
    }

    @Test
    void environmentOverridesIdAndUrl() throws FumsException {
        UnaryOperator<String> env = k -> Map.of("FUMS_DCU_ID", "DCU-ENV", "FUMS_MQTT_URL", "mqtts://broker.example:9883").get(k);
        CloudSettings s = CloudSettings.from(Configs.plain(Map.of("dcuId", "DCU-CONF", "brokerUrl", "tcp://other:1883",
                "username", "dcu", "passwordFile", password.toString())), env, DATA);
        assertThat(s.dcuId().value()).isEqualTo("DCU-ENV");
        assertThat(s.brokerUrl()).isEqualTo("ssl://broker.example:9883");
        assertThat(s.usesTls()).isTrue();
    }

    @Test
    void blankEnvironmentDoesNotOverride() throws FumsException {
        UnaryOperator<String> env = k -> "  ";
        CloudSettings s = CloudSettings.from(Configs.dcu("DCU-1"), env, DATA);
        assertThat(s.dcuId().value()).isEqualTo("DCU-1");
        assertThat(s.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
    }

    @Test
    void idFromTheEnvironmentOnly() throws FumsException {
        CloudSettings s = CloudSettings.from(Configs.plain(Map.of()), k -> k.equals("FUMS_DCU_ID") ? "DCU-7" : null, DATA);
        assertThat(s.dcuId().value()).isEqualTo("DCU-7");
    }

    @Test
    void frameworkPropertyIsTheLastFallbackForTheId() throws FumsException {
        UnaryOperator<String> fw = k -> Map.of("fums.dcu.id", "DCU-FW", "fums.data.dir", "/srv/fums").get(k);
        assertThat(CloudSettings.from(Configs.plain(Map.of()), NO_ENV, fw).dcuId().value()).isEqualTo("DCU-FW");
        assertThat(CloudSettings.from(Configs.dcu("DCU-CONF"), NO_ENV, fw).dcuId().value()).isEqualTo("DCU-CONF");
        assertThat(CloudSettings.from(Configs.dcu("DCU-CONF"), k -> k.equals("FUMS_DCU_ID") ? "DCU-ENV" : null, fw)
                .dcuId().value()).isEqualTo("DCU-ENV");
    }

    @Test
    void noIdAnywhereIsConfigMissing() {
        assertThatThrownBy(() -> CloudSettings.from(Configs.plain(Map.of()), NO_ENV, DATA))
                .isInstanceOf(FumsException.class).hasMessageContaining("FUMS_DCU_ID")
                .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CONFIG_MISSING);
    }

    @Test
    void invalidIdIsConfigInvalid() {
        assertInvalid(Map.of("dcuId", "DCU/1"), "DCU id");
        assertInvalid(Map.of("dcuId", "-starts-with-dash"), "DCU id");
    }

    /** Issue 12 item 6: the announced Maximum Packet Size and the request queue are bounded and checked. */
    @Test
    @org.junit.jupiter.api.Tag("SEC-9")
    void packetSizeAndRequestQueueAreBounded() throws FumsException {
        CloudSettings s = CloudSettings.from(Configs.dcu("D"), NO_ENV, DATA);
        assertThat(s.maxPacketBytes()).isEqualTo(256 * 1024).isGreaterThan(s.maxRequestBytes());
        assertThat(s.requestQueue()).isEqualTo(16);
        assertInvalid(Map.of("dcuId", "D", "maxPacketKilobytes", 64), "maxPacketKilobytes");
        assertInvalid(Map.of("dcuId", "D", "maxPacketKilobytes", 100_000), "maxPacketKilobytes");
        assertInvalid(Map.of("dcuId", "D", "requestQueue", 0), "requestQueue");
    }

    @Test
    void theSessionProbeRunsEveryMinuteByDefaultAndCanBeTurnedOff() throws FumsException {
        assertThat(CloudSettings.from(Configs.dcu("D"), NO_ENV, DATA).probeInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(CloudSettings.from(Configs.plain(Map.of("dcuId", "D", "probeSeconds", 0)), NO_ENV, DATA)
                .probeInterval()).isZero();
        assertInvalid(Map.of("dcuId", "D", "probeSeconds", -1), "probeSeconds");
        assertInvalid(Map.of("dcuId", "D", "probeSeconds", 3601), "probeSeconds");
    }

    @Test
    void urlsAreNormalised() throws FumsException {
        assertThat(CloudSettings.normaliseBrokerUrl("mqtt://h", "u")).isEqualTo("tcp://h:1883");
        assertThat(CloudSettings.normaliseBrokerUrl("MQTTS://h", "u")).isEqualTo("ssl://h:8883");
        assertThat(CloudSettings.normaliseBrokerUrl("ssl://10.0.0.1:8884", "u")).isEqualTo("ssl://10.0.0.1:8884");
        assertThat(CloudSettings.normaliseBrokerUrl("tcp://[::1]:1884", "u")).isEqualTo("tcp://[::1]:1884");
    }

    @Test
    void badUrlsAreRefused() {
        assertInvalid(Map.of("dcuId", "D", "brokerUrl", "http://h:80"), "scheme");
        assertInvalid(Map.of("dcuId", "D", "brokerUrl", "tcp://h:1883/path"), "only scheme, host and port");
        assertInvalid(Map.of("dcuId", "D", "brokerUrl", "tcp://user:pw@h:1883"), "only scheme, host and port");
        assertInvalid(Map.of("dcuId", "D", "brokerUrl", "tcp:// bad"), "not a URL");
        assertInvalid(Map.of("dcuId", "D", "brokerUrl", "tcp:///nohost"), "no host");
    }

    @Test
    void badUrlFromEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> CloudSettings.from(Configs.dcu("D"), k -> k.equals("FUMS_MQTT_URL") ? "ftp://x" : null, DATA))
                .hasMessageContaining("FUMS_MQTT_URL");
    }

    @Test
    void clientCertificateNeedsItsKey() {
        assertInvalid(Map.of("dcuId", "D", "clientCertFile", "/etc/fums/dcu.crt"), "go together");
        assertInvalid(Map.of("dcuId", "D", "clientKeyFile", "/etc/fums/dcu.key"), "go together");
    }

    @Test
    void tlsFilesAndCredentials() throws Exception {
        Path key = Files.writeString(dir.resolve("dcu.key"), "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        CloudSettings s = CloudSettings.from(Configs.plain(Map.of("dcuId", "D", "brokerUrl", "ssl://b:8883",
                "caFile", "/etc/fums/ca.pem", "clientCertFile", "/etc/fums/dcu.crt", "clientKeyFile", key.toString(),
                "hostnameVerification", false, "username", "dcu", "passwordFile", password.toString())), NO_ENV, DATA);
        assertThat(s.tls().caFile()).isEqualTo(Path.of("/etc/fums/ca.pem"));
        assertThat(s.tls().clientCertFile()).isEqualTo(Path.of("/etc/fums/dcu.crt"));
        assertThat(s.tls().hostnameVerification()).isFalse();
        assertThat(s.username()).isEqualTo("dcu");
        assertThat(new String(s.password())).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void rangesAreChecked() {
        assertInvalid(Map.of("dcuId", "D", "keepAliveSeconds", 1), "keepAliveSeconds");
        assertInvalid(Map.of("dcuId", "D", "receiveMaximum", 0), "receiveMaximum");
        assertInvalid(Map.of("dcuId", "D", "maxInflight", 70000), "maxInflight");
        assertInvalid(Map.of("dcuId", "D", "reconnectMinMillis", 5000L, "reconnectMaxMillis", 1000L), "reconnectMaxMillis");
        assertInvalid(Map.of("dcuId", "D", "requestThreads", 0), "requestThreads");
        assertInvalid(Map.of("dcuId", "D", "maxRequestKilobytes", 2048), "maxRequestKilobytes");
        assertInvalid(Map.of("dcuId", "D", "sessionExpirySeconds", -1L), "sessionExpirySeconds");
    }

    @Test
    void dataDirectoryMustBeAbsolute() {
        assertThatThrownBy(() -> CloudSettings.from(Configs.dcu("D"), NO_ENV, k -> "relative/dir"))
                .hasMessageContaining("absolute");
    }

    @Test
    void explicitDownloadDirWins() throws FumsException {
        CloudSettings s = CloudSettings.from(Configs.plain(Map.of("dcuId", "D", "downloadDir", "/tmp/dl")), NO_ENV, DATA);
        assertThat(s.downloadDir()).isEqualTo(Path.of("/tmp/dl"));
    }

    private static void assertInvalid(Map<String, Object> config, String messagePart) {
        assertThatThrownBy(() -> CloudSettings.from(Configs.plain(config), NO_ENV, DATA))
                .isInstanceOf(FumsException.class).hasMessageContaining(messagePart)
                .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    }
}
