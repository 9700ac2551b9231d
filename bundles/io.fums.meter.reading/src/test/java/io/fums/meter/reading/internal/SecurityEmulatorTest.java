package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MeterAlarm;
import io.fums.store.AuditEntry;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-meter security against emulated meters with HLS-GMAC and ciphering:
 * the DCU's invocation counter towards a meter keeps rising across restarts
 * of the component (a meter refuses a counter it has seen), and repeated
 * authentication failures are audited and raise an alarm.
 */
@Tag("SEC-2")
@Tag("SEC-3")
@Tag("SEC-8")
@Tag("SEC-9")
class SecurityEmulatorTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    private Fixtures.Emulated population() throws Exception {
        return Fixtures.ciphered(dir, vendor, "h", 2, FreePorts.base(2), "{}");
    }

    @Test
    void theInvocationCounterKeepsRisingAcrossRestartsOfTheComponent() throws Exception {
        try (Fixtures.Emulated emu = population(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            CounterStore stored = new CounterStore(dcu.db, java.time.Clock.systemUTC());
            MeterReadingComponent first = Fixtures.component(dcu, emu.inventory());
            for (int i = 0; i < 3; i++) {
                assertThat(first.readNow("h-00001").values()).containsKey("1-0:1.8.0.255");
            }
            assertThat(first.identify("h-00001").firmwareIdentifier()).isEqualTo("1.0.0");
            first.stop();
            long afterFirst = stored.stored("h-00001");
            // AARQ, HLS reply, one GET-with-list, RLRQ per reading, per identification
            assertThat(afterFirst).as("stored next counter").isGreaterThan(4 * 3);

            MeterReadingComponent second = Fixtures.component(dcu, emu.inventory());
            assertThat(second.readNow("h-00001").values().get("1-0:0.2.0.255")).isEqualTo("1.0.0");
            second.stop();
            long afterSecond = stored.stored("h-00001");
            assertThat(afterSecond).isGreaterThan(afterFirst);
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.association").build())).isEmpty();
            System.out.printf("SEC-2: invocation counter towards h-00001 stored %d after 4 associations, %d after"
                    + " a restart and one more%n", afterFirst, afterSecond);
        }
    }

    @Test
    @Tag("SM-8")
    void aReadOfAMeterWhoseCipheredAssociationIsLentGoesOverItAndTheOwnerGoesOn() throws Exception {
        try (Fixtures.Emulated emu = population(); Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            try (DlmsClient lent = c.open("h-00001")) {
                assertThat(new MeterObjects(lent).activeFirmwareIdentifier()).isEqualTo("1.0.0");
                // between two of the owner's requests, over its association: counters stay in order
                assertThat(c.readNow("h-00001").meterId()).isEqualTo("h-00001");
                assertThat(c.readNow("h-00002").meterId()).isEqualTo("h-00002");
                assertThat(new MeterObjects(lent).activeFirmwareIdentifier()).as("the owner's next request is no"
                        + " replay").isEqualTo("1.0.0");
            }
            assertThat(c.readNow("h-00001").meterId()).as("free again").isEqualTo("h-00001");
            assertThat(dcu.audit.query(AuditQuery.builder().action("meter.association").build()))
                    .as("no association refused").isEmpty();
            c.stop();
        }
    }

    @Test
    void aDcuThatForgotItsCountersIsRefusedAndThreeRefusalsRaiseOneAlarm() throws Exception {
        try (Fixtures.Emulated emu = population()) {
            try (Fixtures.Dcu before = new Fixtures.Dcu(dir.resolve("old-dcu"))) {
                MeterReadingComponent c = Fixtures.component(before, emu.inventory());
                c.readNow("h-00002");
                c.stop();
            }
            // a new database: the counters start at 1 again, which the meter has seen
            try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("new-dcu"))) {
                MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
                List<MeterAlarm> alarms = new CopyOnWriteArrayList<>();
                c.addAlarmListener(alarms::add);
                for (int i = 0; i < 4; i++) {
                    assertThatThrownBy(() -> c.readNow("h-00002")).isInstanceOfSatisfying(DlmsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_AUTH_FAILED));
                }
                Conditions.await("an alarm").until(() -> !alarms.isEmpty());
                Conditions.await("no second alarm").during(Duration.ofMillis(200)).until(() -> alarms.size() == 1);
                assertThat(alarms).singleElement().satisfies(a -> {
                    assertThat(a.meterId()).isEqualTo("h-00002");
                    assertThat(a.kind()).isEqualTo(MeterAlarm.AUTHENTICATION_FAILURES);
                    assertThat(a.message()).contains("3 consecutive");
                });
                assertThat(c.suspects()).containsExactly("h-00002");
                List<AuditEntry> refused = dcu.audit.query(AuditQuery.builder().action("meter.association").build());
                assertThat(refused).hasSize(4).allSatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
                    assertThat(e.reason()).isEqualTo("METER_AUTH_FAILED");
                    assertThat(e.subject()).isEqualTo("h-00002");
                });
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.anomaly.authentication").build()))
                        .hasSize(1);
                assertThat(c.readNow("h-00001").meterId()).as("the other meter is not affected").isEqualTo("h-00001");
                c.stop();

                MeterReadingComponent restarted = Fixtures.component(dcu, emu.inventory());
                assertThat(restarted.suspects()).as("durable").containsExactly("h-00002");
                restarted.clearSuspect("h-00002");
                assertThat(restarted.suspects()).isEmpty();
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.suspect.clear").build())).hasSize(1);
                restarted.stop();
            }
        }
    }
}
