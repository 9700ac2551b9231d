package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.crypto.DlmsKeys;
import io.fums.dlms.DlmsException;
import io.fums.emulator.meter.config.MeterCertificates;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.meter.access.MeterInfo;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.testsupport.FreePorts;
import io.fums.testsupport.MutableClock;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security suite 1 end to end without a framework: the real component reads emulated HLS-ECDSA meters over TCP
 * (the DCU's client key in data/keys, the meters' certificates beside meters.json), and refuses a meter whose
 * certificate is not its key (pass 4) or that does not trust the DCU's key (pass 3): METER_AUTH_FAILED, audited
 * as a failed meter.association like an HLS-GMAC failure.
 */
@Tag("SEC-2")
@Tag("SEC-3")
@Tag("SEC-9")
class Suite1EmulatorTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    /** Two suite 1 meters that trust the client key of the DCU in {@code dcuData}. */
    private Fixtures.Emulated population(Path dcuData) throws Exception {
        DlmsKeys.ClientKey key = DlmsKeys.loadOrCreateClientKey(dcuData.resolve(DlmsKeys.CLIENT_KEY_FILE));
        assertThat(key.created()).isTrue();
        Path pub = dcuData.resolve(DlmsKeys.CLIENT_KEY_FILE + ".pub.pem");
        assertThat(Files.readString(pub)).isEqualTo(key.publicKeyPem());
        return Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "s1", "count": 2, "tcpPortBase": %d,
                             "security": {"authentication": "high-ecdsa", "encryptionKey": "%s",
                                          "authenticationKey": "%s", "clientPublicKey": "%s"}}]}
                """.formatted(FreePorts.base(2), Fixtures.EK, Fixtures.AK, pub));
    }

    private static List<AuditEntry> refusals(Fixtures.Dcu dcu) throws Exception {
        return dcu.audit.query(AuditQuery.builder().action("meter.association").build());
    }

    @Test
    void readsSuite1MetersOverTcp() throws Exception {
        Path data = dir.resolve("dcu");
        try (Fixtures.Emulated emu = population(data); Fixtures.Dcu dcu = new Fixtures.Dcu(data)) {
            assertThat(Files.readString(emu.inventory())).contains("\"high-ecdsa\"")
                    .contains(InventoryWriter.certificatePath("s1-00001"));
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            for (String id : new String[] {"s1-00001", "s1-00002", "s1-00001"}) {
                assertThat(c.readNow(id).values()).containsKey("1-0:1.8.0.255");
            }
            MeterInfo info = c.meter("s1-00002").orElseThrow();
            assertThat(info.security()).isEqualTo(MeterInfo.SECURE_SUITE1);
            assertThat(info.insecure()).isFalse();
            assertThat(refusals(dcu)).isEmpty();
            c.stop();
        }
    }

    /** The inventory names a certificate of another key than the meter's: its f(CtoS) does not verify. */
    @Test
    void aWrongMeterCertificateFailsPass4AndIsAudited() throws Exception {
        Path data = dir.resolve("dcu");
        try (Fixtures.Emulated emu = population(data); Fixtures.Dcu dcu = new Fixtures.Dcu(data)) {
            KeyPair impostor = MeterCertificates.keyPair(BigInteger.valueOf(0xC0FFEE));
            Files.writeString(emu.inventory().resolveSibling(InventoryWriter.certificatePath("s1-00002")),
                    MeterCertificates.certificatePem(impostor, "s1-00002", new byte[8]));
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            assertThatThrownBy(() -> c.readNow("s1-00002")).isInstanceOfSatisfying(DlmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
                assertThat(e.getMessage()).contains("f(CtoS) does not verify");
            });
            assertThat(refusals(dcu)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
                assertThat(e.reason()).isEqualTo("METER_AUTH_FAILED");
                assertThat(e.subject()).isEqualTo("s1-00002");
            });
            assertThat(c.readNow("s1-00001").meterId()).as("the other meter is not affected").isEqualTo("s1-00001");
            c.stop();
        }
    }

    /**
     * The emulated meters' certificates are valid 2026-01-01..2046-01-01: at a DCU clock past their end, the DCU
     * refuses to associate (nothing goes on the line for it), audits the certificate; back within, it reads again.
     */
    @Test
    void aMeterCertificateExpiredAtTheDcusClockIsRefusedBeforeTheAssociation() throws Exception {
        Path data = dir.resolve("dcu");
        MutableClock clock = new MutableClock(Instant.parse("2046-01-01T00:00:01Z"));
        try (Fixtures.Emulated emu = population(data); Fixtures.Dcu dcu = new Fixtures.Dcu(data)) {
            Map<String, Object> properties = Map.of("readIntervalSeconds", 3600, "readTimeoutSeconds", 5);
            MeterReadingComponent c = new MeterReadingComponent(Fixtures.context(Map.of("fums.conf.dir",
                    emu.inventory().getParent().toString(), MeterReadingComponent.DATA_DIR_PROPERTY, data.toString())),
                    Fixtures.config(properties), properties, dcu.db, dcu.audit, clock);
            assertThatThrownBy(() -> c.readNow("s1-00001")).isInstanceOfSatisfying(DlmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
                assertThat(e.getMessage()).contains("expired at 2046-01-01T00:00:00Z");
            });
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.certificate.invalid").build()))
                    .singleElement().satisfies(e -> assertThat(e.detailJson()).contains("\"serial\":")
                            .contains("\"notAfter\":\"2046-01-01T00:00:00Z\""));
            assertThat(refusals(dcu)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo("METER_AUTH_FAILED"));
            assertThat(c.execute().getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(c.execute().toString()).contains("expired at 2046-01-01T00:00:00Z").contains("s1-00002");
            clock.set(Instant.parse("2045-12-31T00:00:00Z").toEpochMilli());
            assertThat(c.readNow("s1-00001").values()).containsKey("1-0:1.8.0.255");
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.certificate.expiring").build())).hasSize(1);
            assertThat(c.execute().toString()).contains("s1-00001: certificate").contains("ends at 2046-01-01T00:00:00Z");
            clock.set(Instant.parse("2040-01-01T00:00:00Z").toEpochMilli());
            assertThat(c.execute().getStatus()).isEqualTo(Result.Status.OK);
            c.stop();
        }
    }

    /** The meters trust another DCU's key: they refuse this DCU's f(StoC). */
    @Test
    void aClientKeyTheMeterDoesNotTrustFailsPass3AndIsAudited() throws Exception {
        try (Fixtures.Emulated emu = population(dir.resolve("trusted-dcu"));
                Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("other-dcu"))) {
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory()); // makes its own client key
            assertThat(dir.resolve("other-dcu").resolve(DlmsKeys.CLIENT_KEY_FILE)).exists();
            assertThatThrownBy(() -> c.readNow("s1-00001")).isInstanceOfSatisfying(DlmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
                assertThat(e.getMessage()).contains("meter refused the HLS reply");
            });
            assertThat(refusals(dcu)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo("METER_AUTH_FAILED"));
            c.stop();
        }
    }
}
