package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.cloud.mqtt.client.Json;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, cloud: TLS with a client certificate is the default (SEC-1); a plain
 * tcp:// link only with allowInsecure, and then visible: state, health, audit
 * (SEC-5); the broker password only in a file the service user alone can read.
 */
@Tag("SEC-1")
@Tag("SEC-5")
class CloudTransportSecurityTest {

    private static final UnaryOperator<String> NO_ENV = k -> null;
    private static final UnaryOperator<String> DATA = k -> k.equals("fums.data.dir") ? "/srv/fums" : null;

    @TempDir
    Path dir;

    private Path secret(String name, String content, String mode) throws Exception {
        Path p = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    /** A configuration with a client certificate and key (the key mode 0600); {@code more} overrides. */
    private Map<String, Object> withCertificate(Object... more) throws Exception {
        Map<String, Object> m = new HashMap<>(Map.of("dcuId", "DCU-1",
                "clientCertFile", secret("dcu.crt", "cert", "rw-r--r--").toString(),
                "clientKeyFile", secret("dcu.key", "key", "rw-------").toString()));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private static CloudSettings settings(Map<String, Object> config) throws FumsException {
        return CloudSettings.from(Configs.config(config), NO_ENV, DATA);
    }

    private static void assertInvalid(Map<String, Object> config, String... messageParts) {
        assertThatThrownBy(() -> settings(config)).isInstanceOf(FumsException.class)
                .hasMessageContainingAll(messageParts)
                .extracting(e -> ((FumsException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    }

    @Test
    void sec1TheDefaultIsTlsToPort8883WithAClientCertificate() throws Exception {
        CloudSettings s = settings(withCertificate());
        assertThat(s.brokerUrl()).isEqualTo("ssl://127.0.0.1:8883");
        assertThat(s.usesTls()).isTrue();
        assertThat(s.insecure()).isFalse();
        assertThat(s.passwordOnly()).isFalse();
        assertThat(s.tls().hostnameVerification()).isTrue();
    }

    @Test
    void sec1TlsWithoutClientCertificateOrPasswordIsRefused() {
        assertInvalid(Map.of("dcuId", "D"), "ssl://127.0.0.1:8883", "without a client certificate", "clientCertFile");
    }

    @Test
    void sec5PlainTcpWithoutAllowInsecureIsRefusedNamingTheSetting() throws Exception {
        assertInvalid(withCertificate("brokerUrl", "tcp://broker:1883"), "brokerUrl tcp://broker:1883", "allowInsecure",
                "not encrypted");
        assertInvalid(withCertificate("brokerUrl", "mqtt://broker"), "allowInsecure");
        assertThatThrownBy(() -> CloudSettings.from(Configs.config(withCertificate()),
                k -> k.equals("FUMS_MQTT_URL") ? "tcp://b:1883" : null, DATA))
                .hasMessageContainingAll("FUMS_MQTT_URL", "allowInsecure");
    }

    @Test
    void sec5PlainTcpWithAllowInsecureIsAdmittedAndMarkedInsecure() throws Exception {
        CloudSettings s = settings(Map.of("dcuId", "D", "brokerUrl", "tcp://broker:1883", "allowInsecure", true));
        assertThat(s.insecure()).isTrue();
        assertThat(s.toString()).contains("insecure=true");
    }

    @Test
    void sec1TlsWithUserNameAndPasswordFileIsAdmittedAsPasswordOnly() throws Exception {
        Path pw = secret("broker.password", "s3cret\n", "r--------");
        CloudSettings s = settings(Map.of("dcuId", "D", "username", "dcu", "passwordFile", pw.toString()));
        assertThat(s.passwordOnly()).isTrue();
        assertThat(new String(s.password())).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void sec1APasswordFileOthersCanReadIsRefusedWithPathAndMode() throws Exception {
        for (String mode : List.of("rw-r-----", "rw-r--r--", "rw----r--", "rw--w----")) {
            Path pw = secret("pw-" + mode.hashCode(), "s3cret", mode);
            String octal = PrivateFiles.mode(PosixFilePermissions.fromString(mode));
            assertInvalid(withCertificate("username", "dcu", "passwordFile", pw.toString()), "passwordFile",
                    pw.toString(), "mode " + octal, "chmod 600");
        }
        assertThat(PrivateFiles.mode(PosixFilePermissions.fromString("rw-r-----"))).isEqualTo("0640");
    }

    @Test
    void sec1PasswordFileMustExistHaveAUserNameAndHoldAPassword() throws Exception {
        assertInvalid(withCertificate("username", "dcu", "passwordFile", dir.resolve("none").toString()),
                "passwordFile", "not a readable file");
        Path pw = secret("pw", "x", "rw-------");
        assertInvalid(withCertificate("passwordFile", pw.toString()), "passwordFile needs a username");
        Path empty = secret("empty", "\n", "rw-------");
        assertInvalid(withCertificate("username", "dcu", "passwordFile", empty.toString()), "is empty");
        Path big = secret("big", "x".repeat(PrivateFiles.MAX_PASSWORD_BYTES + 1), "rw-------");
        assertInvalid(withCertificate("username", "dcu", "passwordFile", big.toString()), "larger than");
    }

    @Test
    void sec1ThePasswordPropertyInTheConfigurationStoreIsRefused() throws Exception {
        assertInvalid(withCertificate("username", "dcu", "_password", "s3cret"), ".password", "passwordFile");
    }

    @Test
    void sec1AClientKeyOthersCanReadIsRefused() throws Exception {
        Path key = secret("open.key", "key", "rw-r--r--");
        assertInvalid(withCertificate("clientKeyFile", key.toString()), "clientKeyFile", key.toString(), "mode 0644");
    }

    @Test
    void sec5TheRetainedStateSaysWhetherTheLinkIsInsecure() throws FumsException {
        Clock clock = Clock.systemUTC();
        JsonObject plain = Json.parseObject(new StatePublisher(DeviceId.of("D"), clock, true).birth().payload(),
                ErrorCode.INTERNAL, "birth");
        assertThat(plain.get("insecure").getAsBoolean()).isTrue();
        JsonObject tls = Json.parseObject(new StatePublisher(DeviceId.of("D"), clock, false).birth().payload(),
                ErrorCode.INTERNAL, "birth");
        assertThat(tls.get("insecure").getAsBoolean()).isFalse();
        StatePublisher p = new StatePublisher(DeviceId.of("D"), clock, true);
        assertThat(p.add("insecure", () -> false)).as("no section may hide the flag").isFalse();
    }

    @Test
    void sec5TheHealthCheckSaysDegradedWhileInsecure() throws Exception {
        Result plain = CloudLinkComponent.health(settings(Map.of("dcuId", "D", "brokerUrl", "tcp://b:1883",
                "allowInsecure", true)), true);
        assertThat(plain.getStatus()).isEqualTo(Result.Status.WARN);
        assertThat(plain.toString()).contains("degraded").contains("insecure").contains("tcp://b:1883");
        Path pw = secret("pw", "x", "rw-------");
        Result passwordOnly = CloudLinkComponent.health(settings(Map.of("dcuId", "D", "username", "u",
                "passwordFile", pw.toString())), false);
        assertThat(passwordOnly.getStatus()).isEqualTo(Result.Status.WARN);
        Result tls = CloudLinkComponent.health(settings(withCertificate()), false);
        assertThat(tls.getStatus()).isEqualTo(Result.Status.OK);
    }

    @Test
    void sec5AnInsecureLinkIsAuditedOncePerStart() throws Exception {
        ClosableDatabase db = Stores.openDatabase(dir.resolve("db"));
        try {
            AuditLog audit = Stores.auditLog(db, Clock.systemUTC());
            CloudSettings s = settings(Map.of("dcuId", "D", "brokerUrl", "tcp://127.0.0.1:1", "allowInsecure", true,
                    "reconnectMinMillis", 60_000L, "reconnectMaxMillis", 60_000L));
            for (int start = 1; start <= 2; start++) {
                try (CloudLink link = new CloudLink(s, db, new FakeGuard(s.dcuId()), audit, Clock.systemUTC(),
                        io.fums.crypto.DeviceKeys.loadOrCreate(dir.resolve("keys/dcu.key.pem")).signer())) {
                    link.start();
                }
                List<AuditEntry> entries = audit.query(AuditQuery.builder().action("cloud.link.insecure").limit(10).build());
                assertThat(entries).hasSize(start);
                assertThat(entries.get(0).detailJson()).contains("tcp://127.0.0.1:1").contains("allowInsecure");
            }
        } finally {
            db.close();
        }
    }
}
