package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.crypto.DlmsKeys;
import io.fums.dlms.DlmsException;
import io.fums.dlms.security.Authentication;
import io.fums.emulator.meter.config.MeterCertificates;
import io.fums.meter.access.MeterAlarm;
import io.fums.meter.reading.internal.Inventory.MeterCertificateRef;
import io.fums.meter.reading.internal.Inventory.MeterEntry;
import io.fums.meter.reading.internal.Inventory.SecuritySpec;
import io.fums.meter.reading.internal.Inventory.TcpEndpoint;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.testsupport.MutableClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security suite 1 meter certificates are judged at the DCU's clock before every association (issue 13): one not
 * yet valid or expired refuses the association with {@code METER_AUTH_FAILED}, audited with its serial number and
 * dates, counted as a refused association (the alarm comes at {@code authFailureThreshold}, once per series); one
 * ending within {@code certificateWarningDays} is warned about once. Certificates made by Bouncy Castle with chosen
 * dates, read by {@link DlmsKeys#meterCertificate}, judged by the real {@link AnomalyMonitor}.
 */
@Tag("SEC-2")
@Tag("SEC-8")
@Tag("SEC-9")
class CertificateDatesTest {

    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOT_BEFORE.minusSeconds(1));
    private Fixtures.Monitors monitors;
    private AuditLog audit;
    private AnomalyMonitor monitor;
    private MeterEntry meter;

    @BeforeEach
    void open() throws Exception {
        monitors = new Fixtures.Monitors(dir, clock);
        audit = monitors.audit;
        monitor = monitors.monitor(Fixtures.Monitors.limits(Map.of("authFailureThreshold", 2)));
        meter = meter(certificate(NOT_BEFORE, NOT_AFTER, BigInteger.valueOf(0xC0DE)));
    }

    @AfterEach
    void close() {
        monitors.close();
    }

    /** A self-signed P-256 certificate valid from {@code from} to {@code to}. */
    static DlmsKeys.MeterCertificate certificate(Instant from, Instant to, BigInteger serial) throws Exception {
        KeyPair k = MeterCertificates.keyPair(BigInteger.valueOf(4242));
        X500Name n = new X500Name("CN=s1-dates");
        byte[] der = new JcaX509v3CertificateBuilder(n, serial, Date.from(from), Date.from(to), n, k.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())).getEncoded();
        return DlmsKeys.meterCertificate(der, "test certificate");
    }

    private static MeterEntry meter(DlmsKeys.MeterCertificate c) {
        MeterCertificateRef ref = new MeterCertificateRef("certs/s1.crt.pem", c.publicKey(), c.fingerprint(), c);
        return new MeterEntry("s1-1", DeviceType.of("FUMS-EM-1"), new TcpEndpoint("127.0.0.1", 4061, 1, 1),
                new SecuritySpec(Authentication.HIGH_ECDSA, null, null, "DCU00001".getBytes(StandardCharsets.US_ASCII),
                        true, ref));
    }

    private List<AuditEntry> entries(String action) throws Exception {
        return audit.query(AuditQuery.builder().action(action).limit(100).build());
    }

    @Test
    void notYetValidIsRefusedAuditedWithSerialAndDatesAndCountedAsARefusedAssociation() throws Exception {
        DlmsException e = monitor.refusal(meter);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        assertThat(e.getMessage()).contains("s1-1").contains("certificate c0de is not valid before " + NOT_BEFORE);
        assertThat(entries("meter.certificate.invalid")).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(a.reason()).isEqualTo("METER_AUTH_FAILED");
            assertThat(a.subject()).isEqualTo("s1-1");
            assertThat(a.detailJson()).contains("\"serial\":\"c0de\"").contains("\"notBefore\":\"" + NOT_BEFORE + "\"")
                    .contains("\"notAfter\":\"" + NOT_AFTER + "\"");
        });
        assertThat(entries("meter.association")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("METER_AUTH_FAILED"));
        assertThat(monitor.state("s1-1").authFailures()).isEqualTo(1);
        assertThat(monitor.suspects()).as("1 of 2").isEmpty();
    }

    @Test
    void expiredIsRefusedAndRepeatedRefusalsRaiseOneAlarm() throws Exception {
        clock.set(NOT_AFTER.plusMillis(1).toEpochMilli());
        for (int i = 0; i < 5; i++) {
            assertThat(monitor.refusal(meter)).isNotNull().satisfies(e -> assertThat(e.getMessage())
                    .contains("certificate c0de expired at " + NOT_AFTER));
        }
        assertThat(entries("meter.certificate.invalid")).hasSize(5);
        assertThat(monitor.state("s1-1").suspectKind()).isEqualTo(MeterAlarm.AUTHENTICATION_FAILURES);
        assertThat(entries("meter.anomaly.authentication")).as("one alarm per series").hasSize(1);
    }

    @Test
    void validFromItsFirstToItsLastInstantAndWarnedOnceWithinTheWarningDays() throws Exception {
        clock.set(NOT_BEFORE.toEpochMilli());
        assertThat(monitor.refusal(meter)).as("valid from notBefore").isNull();
        assertThat(entries("meter.certificate.expiring")).as("a year ahead").isEmpty();
        clock.set(NOT_AFTER.minus(Duration.ofDays(30)).toEpochMilli());
        assertThat(monitor.refusal(meter)).isNull();
        assertThat(monitor.refusal(meter)).isNull();
        clock.set(NOT_AFTER.toEpochMilli());
        assertThat(monitor.refusal(meter)).as("valid until notAfter").isNull();
        assertThat(entries("meter.certificate.expiring")).as("once per certificate").singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(AuditOutcome.OK);
            assertThat(a.detailJson()).contains("\"serial\":\"c0de\"").contains(NOT_AFTER.toString());
        });
        MeterEntry renewed = meter(certificate(NOT_BEFORE, NOT_AFTER.plusSeconds(3600), BigInteger.TWO));
        assertThat(monitor.refusal(renewed)).isNull();
        assertThat(entries("meter.certificate.expiring")).as("a new certificate is warned about again").hasSize(2);
        assertThat(monitor.suspects()).isEmpty();
        assertThat(entries("meter.association")).isEmpty();
    }

    @Test
    void certificateWarningDaysZeroWarnsNever() throws Exception {
        AnomalyMonitor quiet = monitors.monitor(Fixtures.Monitors.limits(Map.of("certificateWarningDays", 0)));
        clock.set(NOT_AFTER.minusSeconds(1).toEpochMilli());
        assertThat(quiet.refusal(meter)).isNull();
        assertThat(entries("meter.certificate.expiring")).isEmpty();
    }
}
