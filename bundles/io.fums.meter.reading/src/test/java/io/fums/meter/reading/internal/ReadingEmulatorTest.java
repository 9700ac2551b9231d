package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.api.device.DeviceType;
import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterIdentity;
import io.fums.meter.access.MeterInfo;
import io.fums.meter.reading.ReadStats;
import io.fums.meter.reading.Reading;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity on demand and periodic reads against emulated meters: two on
 * their own TCP ports, three on one shared RS-485-like medium behind a socat
 * pty, reached through jSerialComm and HDLC addressing.
 */
@Tag("SM-1")
@Tag("CARD-4")
class ReadingEmulatorTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
    }

    private Fixtures.Emulated population() throws Exception {
        int base = FreePorts.base(2);
        return Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "rs485-a", "pty": "%s"}],
                 "defaults": {"powerW": 3600000, "energyScaler": -1},
                 "groups": [{"id": "m", "count": 2, "tcpPortBase": %d, "deviceIdFormat": "SN-M%%03d"},
                            {"id": "b", "count": 3, "medium": "rs485-a", "hdlcAddressBase": 17,
                             "deviceIdFormat": "SN-B%%03d", "deviceType": "FUMS-EM-2"}],
                 "meters": [{"id": "b-00003", "firmware": "1.4.2"}]}
                """.formatted(dir.resolve("rs485-a"), base));
    }

    @Test
    void everyMeterIsIdentifiedOnDemandOverTcpAndOnTheSharedMedium() throws Exception {
        try (Fixtures.Emulated emu = population(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 3600, 10,
                     Map.of("rs485-a", Fixtures.serial("rs485-a", dir.resolve("rs485-a"))))) {
            assertThat(s.meters()).extracting(MeterInfo::meterId)
                    .containsExactly("m-00001", "m-00002", "b-00001", "b-00002", "b-00003");
            assertThat(s.meter("b-00002")).contains(new MeterInfo("b-00002", DeviceType.of("FUMS-EM-2"), "rs485-a",
                    "hdlc rs485-a @0x12", MeterInfo.SECURE));
            assertThat(s.meter("m-00001").orElseThrow().address()).startsWith("tcp 127.0.0.1:");

            for (MeterInfo m : s.meters()) {
                MeterIdentity id = s.identify(m.meterId());
                assertThat(id.meterId()).isEqualTo(m.meterId());
                assertThat(id.deviceId()).isEqualTo("SN-" + Character.toUpperCase(m.meterId().charAt(0))
                        + m.meterId().substring(m.meterId().length() - 3));
                assertThat(id.firmwareIdentifier()).isEqualTo(m.meterId().equals("b-00003") ? "1.4.2" : "1.0.0");
            }
            assertThatThrownBy(() -> s.identify("x-1")).isInstanceOfSatisfying(FumsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
        }
    }

    @Test
    @Tag("SM-8")
    @Tag("MET-1")
    void everyMeterIsReadEverySecondAndTheReadingsAreKeptInSqlite() throws Exception {
        try (Fixtures.Emulated emu = population(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 1, 5,
                     Map.of("rs485-a", Fixtures.serial("rs485-a", dir.resolve("rs485-a"))))) {
            s.start();
            Conditions.await("three periods read for every meter", Duration.ofSeconds(15))
                    .until(() -> s.meters().stream().allMatch(m -> done(s, m.meterId()) >= 3));
            for (MeterInfo m : s.meters()) {
                ReadStats st = s.stats(m.meterId());
                assertThat(st.missed()).as(m.meterId() + " " + st).isZero();
                assertThat(st.scheduled() - st.done() - st.missed()).isBetween(0L, 1L);
                List<Reading> latest = s.latest(m.meterId(), 3);
                assertThat(latest).hasSize(3);
                for (Reading r : latest) {
                    assertThat(r.scheduledAt().toEpochMilli() % 1000).as("periods start on whole seconds").isZero();
                    assertThat(Duration.between(r.scheduledAt(), r.readAt())).isBetween(Duration.ZERO,
                            Duration.ofSeconds(1));
                    assertThat(r.values()).containsOnlyKeys("1-0:1.8.0.255", "1-0:2.8.0.255", "0-0:1.0.0.255",
                            "1-0:0.2.0.255");
                    assertThat(r.values().get("1-0:1.8.0.255")).matches("\\d+(\\.\\d)? Wh");
                    assertThat(r.values().get("1-0:2.8.0.255")).isEqualTo("0.0 Wh");
                    assertThat(r.values().get("0-0:1.0.0.255")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                    assertThat(r.values().get("1-0:0.2.0.255")).isIn("1.0.0", "1.4.2");
                }
                assertThat(latest).extracting(Reading::scheduledAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
                assertThat(energy(latest.get(0))).as("energy advances (1 kWh/s)")
                        .isGreaterThan(energy(latest.get(2)));
                assertThat(st.lastReadAt()).isEqualTo(latest.get(0).readAt());
            }
            Reading now = s.readNow("b-00002");
            assertThat(s.latest("b-00002", 1)).containsExactly(now);
            long rows = dcu.db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM meter_reading")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isGreaterThanOrEqualTo(16);
            assertThat(dcu.db.schemaVersion(ReadingSchema.OWNER)).isEqualTo(ReadingSchema.MIGRATIONS.size());
        }
    }

    private static long done(MeterReadingService s, String meter) {
        try {
            return s.stats(meter).done();
        } catch (FumsException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal energy(Reading r) {
        return new BigDecimal(r.values().get("1-0:1.8.0.255").replace(" Wh", ""));
    }
}
