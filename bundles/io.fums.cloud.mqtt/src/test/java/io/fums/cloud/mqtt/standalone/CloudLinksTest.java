package io.fums.cloud.mqtt.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.crypto.TrustStore;
import io.fums.crypto.command.CommandLimits;
import io.fums.crypto.command.DefaultCommandVerifier;
import io.fums.crypto.sign.KeyRing;
import io.fums.crypto.sign.TrustSource;
import io.fums.security.CommandGuard;
import io.fums.security.Guards;
import io.fums.store.AuditLog;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported way to build the cloud link outside OSGi (io.fums.cloud.mqtt.standalone 1.0): the configuration map
 * is checked as the bundle checks its PID, and the link is the bundle's, on the real store and guard.
 */
@Tag("SEC-5")
@Tag("SEC-9")
class CloudLinksTest {

    private static final DeviceId DCU = DeviceId.of("DCU-7");
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;
    private ClosableDatabase db;
    private AuditLog audit;
    private CommandGuard guard;

    @BeforeEach
    void open() throws Exception {
        db = Stores.openDatabase(dir.resolve("data"));
        audit = Stores.auditLog(db, clock);
        guard = guard(DCU);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private CommandGuard guard(DeviceId dcu) throws FumsException {
        return Guards.commandGuard(dcu, new DefaultCommandVerifier(TrustSource.fixed(KeyRing.of(new TrustStore(List.of(),
                Map.of(), Set.of()))), CommandLimits.DEFAULTS), Stores.nonceRegistry(db, clock, Stores.DEFAULT_NONCE_GRACE),
                audit, clock, Guards.DEFAULT_MAX_CLOCK_SKEW);
    }

    private static Map<String, Object> insecure(Object... more) {
        Map<String, Object> c = new HashMap<>(Map.of("dcuId", DCU.value(), "brokerUrl", "tcp://127.0.0.1:1",
                "allowInsecure", true, "reconnectMinMillis", 60_000L, "reconnectMaxMillis", "60000"));
        for (int i = 0; i < more.length; i += 2) {
            c.put((String) more[i], more[i + 1]);
        }
        return c;
    }

    private CloudLinks.Builder builder(Map<String, Object> configuration) {
        return CloudLinks.builder(configuration, dir.resolve("data")).database(db).guard(guard).audit(audit).clock(clock);
    }

    @Test
    void theBuiltLinkIsTheBundlesLinkWithItsSigningKeyAndAudit() throws Exception {
        try (StandaloneCloudLink link = builder(insecure("maxInflight", "16")).auditRequests().build()) {
            assertThat(link.dcuId()).isEqualTo(DCU);
            link.start();
            assertThat(link.isConnected()).isFalse();
            assertThat(link.pendingEvents()).isZero();
        }
        assertThat(Files.isRegularFile(dir.resolve("data").resolve(CloudLinks.SIGNING_KEY_FILE))).isTrue();
        assertThat(audit.query(AuditQuery.builder().action("cloud.link.insecure").build())).hasSize(1);
    }

    @Test
    void aBadConfigurationIsRefusedWithTheBundlesCodes() {
        assertThatThrownBy(() -> builder(insecure("brokerUrll", "tcp://x:1")).build())
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("'brokerUrll'").hasMessageContaining("brokerUrl");
        assertThatThrownBy(() -> builder(insecure("maxInflight", "many")).build())
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("maxInflight must be a int: 'many'");
        assertThatThrownBy(() -> builder(insecure("allowInsecure", "yes")).build())
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        assertThatThrownBy(() -> builder(insecure("dcuId", "DCU-8")).build())
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("differs from the id the command guard admits");
        assertThatThrownBy(() -> CloudLinks.artifactDownloads(Map.of("downloadAttempts", 1), dir))
                .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING));
        assertThat(dir.resolve("data").resolve(CloudLinks.SIGNING_KEY_FILE)).doesNotExist();
    }

    @Test
    void missingPartsAreABug() {
        assertThatThrownBy(() -> CloudLinks.builder(insecure(), dir).database(db).guard(guard).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CloudLinks.builder(insecure(), dir).database(db).guard(guard).clock(clock).auditRequests()
                .build()).isInstanceOf(IllegalStateException.class);
    }
}
