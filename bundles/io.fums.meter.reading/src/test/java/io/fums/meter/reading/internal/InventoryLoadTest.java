package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.meter.access.MeterInfo;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the inventory in the component: a missing file is no meters, a
 * bad file is logged and audited and changes nothing, a changed file is
 * picked up.
 */
@Tag("SEC-9")
class InventoryLoadTest {

    private static final String GOOD = """
            {"meters": [{"id": "m-00001", "deviceType": "FUMS-EM-1", "tcp": "127.0.0.1:4061",
                         "security": {"authentication": "none"}}]}""";
    private static final String DUPLICATE = """
            {"meters": [{"id": "m-00001", "deviceType": "FUMS-EM-1", "tcp": "127.0.0.1:4061", "security": {"authentication": "none"}},
                        {"id": "m-00001", "deviceType": "FUMS-EM-1", "tcp": "127.0.0.1:4062", "security": {"authentication": "none"}}]}""";

    @TempDir
    Path dir;

    private MeterReadingComponent component(Fixtures.Dcu dcu, Map<String, Object> config) throws FumsException {
        MeterReadingComponent c = new MeterReadingComponent(Fixtures.context(Map.of("fums.conf.dir", dir.toString(),
                MeterReadingComponent.DATA_DIR_PROPERTY, dcu.dataDir.toString())),
                Fixtures.config(config), config, dcu.db, dcu.audit, dcu.clock);
        c.start();
        return c;
    }

    @Test
    void aMissingInventoryIsNoMetersAndUnknownMetersAreRefused() throws Exception {
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = component(dcu, Map.of());
            assertThat(c.meters()).isEmpty();
            assertThatThrownBy(() -> c.open("m-00001")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
            assertThatThrownBy(() -> c.expectFirmware("m-00001", "2.0.0")).isInstanceOfSatisfying(
                    FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
            assertThat(c.latest("m-00001", 10)).isEmpty();
            assertThat(c.stats("m-00001").scheduled()).isZero();
            assertThatThrownBy(() -> c.latest("m-00001", 0)).isInstanceOf(IllegalArgumentException.class);
            c.stop();
        }
    }

    @Test
    void aBadInventoryIsAuditedAndChangesNothing() throws Exception {
        Path file = dir.resolve("meters.json");
        Files.writeString(file, DUPLICATE);
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = component(dcu, Map.of());
            assertThat(c.meters()).as("not loaded").isEmpty();
            assertFailedLoad(dcu, 1, "meter id m-00001 is used twice");

            Files.writeString(file, GOOD);
            c.modified(Fixtures.config(Map.of()));
            assertThat(c.meters()).extracting(MeterInfo::meterId).containsExactly("m-00001");

            Files.writeString(file, DUPLICATE.replace("4062", "x"));
            c.modified(Fixtures.config(Map.of("readTimeoutSeconds", 7)));
            assertThat(c.meters()).as("the previous inventory is kept").extracting(MeterInfo::meterId)
                    .containsExactly("m-00001");
            assertFailedLoad(dcu, 2, "meter m-00001: tcp must be HOST:PORT");
            c.stop();
        }
    }

    @Test
    void aChangedInventoryFileIsPickedUpAtTheNextPeriod() throws Exception {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{}");
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = component(dcu, Map.of("inventory", "other.json", "readIntervalSeconds", 1));
            assertThat(c.meters()).isEmpty();
            Files.writeString(file, GOOD);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            Conditions.await("the changed inventory is loaded").until(() -> c.meters().size() == 1);
            c.stop();
        }
    }

    @Test
    @Tag("SEC-5")
    void aMeterWithoutSecurityIsRefusedAndAnInsecureOneIsAuditedAtLoad() throws Exception {
        Path file = dir.resolve("meters.json");
        Files.writeString(file, """
                {"meters": [{"id": "m-00001", "deviceType": "FUMS-EM-1", "tcp": "127.0.0.1:4061"}]}""");
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = component(dcu, Map.of());
            assertThat(c.meters()).as("not loaded").isEmpty();
            assertFailedLoad(dcu, 1, "meter m-00001: security is required");

            Files.writeString(file, GOOD);
            c.modified(Fixtures.config(Map.of()));
            assertThat(c.meters()).singleElement().satisfies(m -> {
                assertThat(m.security()).isEqualTo("none");
                assertThat(m.insecure()).isTrue();
            });
            List<AuditEntry> insecure = dcu.audit.query(AuditQuery.builder().action("meter.insecure").build());
            assertThat(insecure).singleElement().satisfies(e -> {
                assertThat(e.subject()).isEqualTo("m-00001");
                assertThat(e.detailJson()).contains("\"security\":\"none\"");
            });
            c.stop();
        }
    }

    @Test
    void anUnknownConfigurationKeyIsRefusedWithWhatWasMeantAndAudited() throws Exception {
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            assertThatThrownBy(() -> component(dcu, Map.of("readIntervalSecond", 60, "inventory", "meters.json")))
                    .isInstanceOfSatisfying(FumsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageStartingWith("configuration io.fums.meter.reading: unknown key 'readIntervalSecond' (did you mean "
                            + "'readIntervalSeconds'?): fix or remove it (known: ");
            List<AuditEntry> refused = dcu.audit.query(AuditQuery.builder().action("meters.config.load").build());
            assertThat(refused).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
                assertThat(e.subject()).isEqualTo("io.fums.meter.reading");
                assertThat(e.detailJson()).contains("readIntervalSecond");
            });
            MeterReadingComponent ok = component(dcu, Map.of("readIntervalSeconds", 60, "hc.name", "FUMS meter inventory",
                    "service.pid", "io.fums.meter.reading"));
            ok.stop();
        }
    }

    @Test
    void anInventoryTheDcuCannotUseMakesItsHealthDegradedWithTheReason() throws Exception {
        Path file = dir.resolve("meters.json");
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = component(dcu, Map.of());
            assertThat(c.execute().getStatus()).as("no file").isEqualTo(Result.Status.WARN);
            assertThat(c.execute().iterator().next().getMessage()).contains("degraded: no meter inventory at " + file);

            Files.writeString(file, DUPLICATE);
            c.modified(Fixtures.config(Map.of()));
            assertThat(c.execute().getStatus()).isEqualTo(Result.Status.WARN);
            assertThat(c.execute().iterator().next().getMessage()).contains("degraded: meter inventory " + file
                    + " refused: CONFIG_INVALID").contains("meter id m-00001 is used twice");

            Files.writeString(file, GOOD);
            c.modified(Fixtures.config(Map.of()));
            assertThat(c.execute().getStatus()).isEqualTo(Result.Status.OK);
            assertThat(c.execute().iterator().next().getMessage()).contains("1 meters from " + file);

            Files.writeString(file, "{}");
            c.modified(Fixtures.config(Map.of()));
            assertThat(c.execute().iterator().next().getMessage()).contains("degraded: meter inventory " + file + " names no meter");
            c.stop();
        }
    }

    private static void assertFailedLoad(Fixtures.Dcu dcu, int count, String message) throws FumsException {
        List<AuditEntry> loads = dcu.audit.query(AuditQuery.builder().action("meter.inventory.load")
                .outcome(AuditOutcome.FAILED).build());
        assertThat(loads).hasSize(count);
        assertThat(loads.get(0).reason()).isEqualTo("CONFIG_INVALID");
        assertThat(loads.get(0).detailJson()).contains(message);
    }
}
