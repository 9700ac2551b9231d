package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsException;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.WrapperTap;
import io.fums.meter.access.MeterAlarm;
import io.fums.store.AuditEntry;
import io.fums.store.AuditQuery;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone on the line between the DCU and a real emulated HLS-GMAC suite 0
 * meter (SEC-8, SEC-9): answers whose GCM tag fails and answers replayed with
 * an old invocation counter are refused, audited with their counts, and mark
 * the meter suspect (repeated decipher failures from the threshold on, a
 * counter regression at once), so that campaigns skip it. The meter itself
 * was never touched.
 */
@Tag("SEC-8")
@Tag("SEC-9")
class TamperedAnswersTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final String ENERGY = "1-0:1.8.0.255";

    @TempDir
    Path dir;

    @Test
    void answersWithAFailingTagAreRefusedAndFromTheThresholdOnMarkTheMeterSuspect() throws Exception {
        int port = FreePorts.base(1);
        try (Fixtures.Emulated emu = Fixtures.ciphered(dir, vendor, "g", 1, port, "{}");
             WrapperTap tap = WrapperTap.start(port);
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            throughTap(emu.inventory(), port, tap.port());
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            try {
                assertThat(c.readNow("g-00001").values()).as("the line untouched").containsKey(ENERGY);
                for (int i = 1; i <= ReadingSettings.Limits.DEFAULT.decipherThreshold(); i++) {
                    tap.corruptNextAnswers(1);
                    assertThatThrownBy(() -> c.readNow("g-00001")).as("read %d", i)
                            .isInstanceOf(DlmsException.class);
                    assertThat(tap.tampered()).isEqualTo(i);
                    if (i < ReadingSettings.Limits.DEFAULT.decipherThreshold()) {
                        assertThat(c.suspects()).as("below the threshold after %d", i).isEmpty();
                    }
                }
                Conditions.await("the meter marked suspect").until(() -> c.suspects().contains("g-00001"));
                assertThat(c.suspectReason("g-00001")).hasValueSatisfying(r -> assertThat(r).isNotBlank());
                List<AuditEntry> refused = dcu.audit.query(
                        AuditQuery.builder().action("meter.response.decipher").limit(100).build());
                assertThat(refused).as("every refused answer audited, with its count")
                        .hasSize(ReadingSettings.Limits.DEFAULT.decipherThreshold())
                        .allSatisfy(e -> assertThat(e.subject()).isEqualTo("g-00001"))
                        .allSatisfy(e -> assertThat(e.detailJson()).contains("\"count\":1"));
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.response.replay").build()))
                        .as("no counter regression").isEmpty();
                assertThat(emu.emulator().population().meter("g-00001").status().replaysRefused())
                        .as("the meter saw no replay").isZero();
            } finally {
                c.stop();
            }
        }
    }

    @Test
    void anAnswerReplayedWithAnOldCounterIsRefusedAndMarksTheMeterSuspectAtOnce() throws Exception {
        int port = FreePorts.base(1);
        try (Fixtures.Emulated emu = Fixtures.ciphered(dir, vendor, "r", 1, port, "{}");
             WrapperTap tap = WrapperTap.start(port);
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            throughTap(emu.inventory(), port, tap.port());
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            try {
                assertThat(c.readNow("r-00001").values()).containsKey(ENERGY);
                tap.replayNextAnswers(1);
                assertThatThrownBy(() -> c.readNow("r-00001")).isInstanceOf(DlmsException.class);
                assertThat(tap.tampered()).isEqualTo(1);
                Conditions.await("the meter marked suspect").until(() -> c.suspects().contains("r-00001"));
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.response.replay").build()))
                        .singleElement().satisfies(e -> {
                            assertThat(e.subject()).isEqualTo("r-00001");
                            assertThat(e.detailJson()).contains("\"count\":1");
                        });
                assertThat(dcu.audit.query(AuditQuery.builder().action("meter.anomaly.counter").build()))
                        .as("one alarm").hasSize(1);
                assertThat(new MeterStateStore(dcu.db).get("r-00001").suspectKind())
                        .isEqualTo(MeterAlarm.COUNTER_REGRESSION);
            } finally {
                c.stop();
            }
        }
    }

    /** Points the meter's inventory entry at the tap instead of the meter. */
    private static void throughTap(Path inventory, int meterPort, int tapPort) throws Exception {
        String json = Files.readString(inventory);
        String meter = "127.0.0.1:" + meterPort;
        assertThat(json).contains(meter);
        Files.writeString(inventory, json.replace(meter, "127.0.0.1:" + tapPort));
    }
}
