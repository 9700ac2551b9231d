package io.fums.cloud.mqtt.internal;

import io.fums.api.device.DeviceId;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SEC-9 for the cloud link: every failed TLS handshake and every refusal of
 * the DCU's credentials by the broker is audited, rate-limited: the first
 * failure of a series at once ({@code cloud.link.tls} or
 * {@code cloud.link.auth}, outcome FAILED, {@code CLOUD_TLS_FAILED} /
 * {@code CLOUD_AUTH_FAILED}, with the broker, the reason and the count),
 * then at most one entry per {@link #INTERVAL} with the failures since the
 * last one, and when a connection succeeds again one {@code cloud.link.recover}
 * entry with the series' total. A broker that simply cannot be reached
 * (refused, timed out) is not a security failure and is only logged by the
 * session. A reconnect loop against a hostile or misconfigured broker
 * therefore writes a few entries an hour, never one per attempt.
 * Called on the session's thread only.
 */
final class LinkFailureAudit {

    /** The longest time between two entries of one series. */
    static final Duration INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(LinkFailureAudit.class);
    private static final String ACTOR = SessionProbe.ACTOR;

    private final DeviceId dcu;
    private final String broker;
    private final AuditLog audit;
    private final LongSupplier nanoTime;
    private ErrorCode series;
    private long total;
    private long sinceEntry;
    private long lastEntryNanos;

    LinkFailureAudit(DeviceId dcu, String broker, AuditLog audit, LongSupplier nanoTime) {
        this.dcu = dcu;
        this.broker = broker;
        this.audit = audit;
        this.nanoTime = nanoTime;
    }

    /**
     * What a connect failure means for security: {@code CLOUD_TLS_FAILED}
     * (an SSL or certificate problem anywhere in the causes),
     * {@code CLOUD_AUTH_FAILED} (CONNACK 0x86 bad user name or password,
     * 0x87 not authorized, 0x8C bad authentication method), or null.
     */
    static ErrorCode classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof GeneralSecurityException) {
                return ErrorCode.CLOUD_TLS_FAILED;
            }
            if (t instanceof MqttException m) {
                int rc = m.getReasonCode();
                if (rc == 0x86 || rc == 0x87 || rc == 0x8C) {
                    return ErrorCode.CLOUD_AUTH_FAILED;
                }
            }
        }
        return null;
    }

    /** A connect attempt failed. */
    void failed(Throwable e) {
        ErrorCode code = classify(e);
        if (code == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (code != series) {
            if (series != null) {
                recovered("changed to " + code);
            }
            series = code;
            total = 0;
            sinceEntry = 0;
            lastEntryNanos = now - INTERVAL.toNanos();
        }
        total++;
        sinceEntry++;
        if (now - lastEntryNanos >= INTERVAL.toNanos()) {
            String reason = PahoSupport.describe(e);
            append(AuditEvent.builder(ACTOR, code == ErrorCode.CLOUD_TLS_FAILED ? "cloud.link.tls" : "cloud.link.auth")
                    .failed(code).subject(dcu.value()).detail("broker", broker).detail("reason", reason)
                    .detail("failures", sinceEntry).detail("seriesTotal", total).build());
            LOG.warn("cloud link: {} with {} ({} failure{} since the last audit entry): {}", code, broker, sinceEntry,
                    sinceEntry == 1 ? "" : "s", reason);
            sinceEntry = 0;
            lastEntryNanos = now;
        }
    }

    /** A connection is up: a series of failures ends. */
    void connected() {
        if (series != null) {
            recovered("connected");
        }
        series = null;
    }

    private void recovered(String how) {
        append(AuditEvent.builder(ACTOR, "cloud.link.recover").subject(dcu.value()).detail("broker", broker)
                .detail("after", series.name()).detail("seriesTotal", total).detail("how", how).build());
    }

    private void append(AuditEvent event) {
        if (audit == null) {
            return;
        }
        try {
            audit.append(event);
        } catch (FumsException | RuntimeException x) {
            LOG.error("audit of {} failed: {}", event.action(), x.toString());
        }
    }
}
