package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.ClosableDatabase;
import io.fums.store.Stores;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SEC-9: failed TLS handshakes and refused credentials of the cloud link are audited, rate-limited. */
class LinkFailureAuditTest {

    private static final String BROKER = "ssl://mqtt.utility.example:8883";

    @TempDir
    Path dir;

    @Test
    @Tag("SEC-9")
    void tlsAndAuthenticationFailuresAreToldFromAnUnreachableBroker() {
        assertThat(LinkFailureAudit.classify(new MqttException(32109, new SSLHandshakeException("bad_certificate"))))
                .isEqualTo(ErrorCode.CLOUD_TLS_FAILED);
        assertThat(LinkFailureAudit.classify(new MqttException(32103, new CertificateException("expired"))))
                .isEqualTo(ErrorCode.CLOUD_TLS_FAILED);
        assertThat(LinkFailureAudit.classify(new MqttException(0x86))).isEqualTo(ErrorCode.CLOUD_AUTH_FAILED);
        assertThat(LinkFailureAudit.classify(new MqttException(0x87))).isEqualTo(ErrorCode.CLOUD_AUTH_FAILED);
        assertThat(LinkFailureAudit.classify(new MqttException(0x8C))).isEqualTo(ErrorCode.CLOUD_AUTH_FAILED);
        assertThat(LinkFailureAudit.classify(new MqttException(32103, new ConnectException("Connection refused"))))
                .isNull();
        assertThat(LinkFailureAudit.classify(new MqttException(0x88))).as("server unavailable").isNull();
    }

    @Test
    @Tag("SEC-9")
    void aSeriesOfFailuresWritesAFewEntriesNotOnePerAttemptAndItsEnd() throws Exception {
        ClosableDatabase db = Stores.openDatabase(dir);
        try {
            AuditLog audit = Stores.auditLog(db, Clock.systemUTC());
            AtomicLong now = new AtomicLong(1_000_000_000L);
            LinkFailureAudit a = new LinkFailureAudit(DeviceId.of("DCU-1"), BROKER, audit, now::get);
            MqttException tls = new MqttException(32109, new SSLHandshakeException("Received fatal alert: bad_certificate"));
            for (int i = 0; i < 100; i++) {
                a.failed(tls);
                now.addAndGet(1_000_000_000L);
            }
            a.failed(new MqttException(32103, new ConnectException("Connection refused")));
            List<AuditEntry> tlsEntries = entries(audit, "cloud.link.tls");
            assertThat(tlsEntries).as("the first at once, then one per 10 minutes").hasSize(1);
            AuditEntry first = tlsEntries.get(0);
            assertThat(first.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(first.reasonCode()).contains(ErrorCode.CLOUD_TLS_FAILED);
            assertThat(first.detailJson()).contains(BROKER).contains("bad_certificate");

            now.addAndGet(LinkFailureAudit.INTERVAL.toNanos());
            a.failed(tls);
            tlsEntries = entries(audit, "cloud.link.tls");
            assertThat(tlsEntries).hasSize(2);
            assertThat(tlsEntries.get(0).detailJson()).as("newest first: the failures since the last entry")
                    .contains("\"failures\":100").contains("\"seriesTotal\":101");

            a.failed(new MqttException(0x86));
            assertThat(entries(audit, "cloud.link.auth")).hasSize(1);
            assertThat(entries(audit, "cloud.link.recover")).as("the TLS series ended as another began").hasSize(1);
            a.connected();
            a.connected();
            List<AuditEntry> recovered = entries(audit, "cloud.link.recover");
            assertThat(recovered).hasSize(2);
            assertThat(recovered.get(0).detailJson()).contains("CLOUD_AUTH_FAILED").contains("\"seriesTotal\":1");
            assertThat(audit.verify().ok()).isTrue();
        } finally {
            db.close();
        }
    }

    private static List<AuditEntry> entries(AuditLog audit, String action) throws Exception {
        return audit.query(AuditQuery.builder().action(action).limit(100).build());
    }
}
