package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted emulator resumes each meter where it was. */
@Tag("CARD-4")
class PersistenceTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 400, 600));
    }

    @Test
    void aTransferHalfDoneResumesFromTheFirstMissingBlockAfterARestart() {
        byte[] image = m.image("2.0.0", 3000);
        m.initiate("FW", image.length);
        for (int n = 0; n < 12; n++) {
            m.block(image, n);
        }
        m.block(image, 20);
        m.open();
        MeterStatus s = m.model.status();
        assertThat(s.transferStatus()).isEqualTo(1);
        assertThat(s.blocksReceived()).isEqualTo(13);
        assertThat(s.firstMissingBlock()).isEqualTo(12);
        for (int n = 12; n < 24; n++) {
            m.block(image, n);
        }
        m.verify();
        m.time.advance(1000);
        assertThat(m.status()).isEqualTo(3);
        m.open();
        assertThat(m.status()).isEqualTo(3);
        assertThat(m.model.status().pendingVersion()).isEqualTo("2.0.0");
    }

    @Test
    void aVerificationCutShortByACrashIsUndoneAtTheNextStart() {
        m.transfer("FW", m.image("2.0.0", 3000));
        m.verify();
        assertThat(m.status()).isEqualTo(2);
        m.open(); // the JVM died during the verification
        assertThat(m.status()).isEqualTo(1);
    }

    @Test
    @Tag("SM-2")
    void anActivationCutShortByACrashRevertsAtTheNextStart() {
        m.transferAndVerify("FW", m.image("2.0.0", 3000));
        m.activate();
        m.time.advance(500); // self-check running on the new bank
        assertThat(m.firmware()).isEqualTo("2.0.0");
        m.open();
        assertThat(m.status()).isEqualTo(7);
        assertThat(m.firmware()).isEqualTo("1.0.0");
    }

    @Test
    @Tag("MET-1")
    @Tag("SM-7")
    void registersSettingsAndClockSurviveARestart() throws Exception {
        ObisCode tariff = ObisCode.parse("0-0:96.14.0.255");
        m.set(1, tariff, 2, new DataValue.UInt8(4));
        m.model.action(new io.fums.dlms.cosem.CosemMethodDescriptor(8, CosemObjects.CLOCK, 6), new DataValue.Int16(120));
        m.time.advance(7000);
        long energy = m.importRegister();
        m.model.checkpoint();
        m.open();
        assertThat(m.importRegister()).isEqualTo(energy);
        assertThat(m.get(1, tariff, 2)).isEqualTo(new DataValue.UInt8(4));
        var t = io.fums.dlms.axdr.CosemDateTime.fromDataValue(m.get(CosemObjects.CLOCK_TIME)).toOffsetDateTime();
        assertThat(t.toInstant().toEpochMilli()).isEqualTo(m.time.millis() + 120_000);
        assertThat(Files.readString(dir.resolve("state.json"))).contains("\"meterId\":\"m1\"");
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void aStoreOfAnotherMeterIsRefused() {
        MeterSpec s = MeterFixture.spec(0, 0, 0);
        m.spec = new MeterSpec("other", s.deviceId(), s.deviceType(), s.factoryFirmware(), s.blockSize(),
                s.maxImageSize(), s.powerImportW(), s.powerExportW(), s.energyScaler(), s.initialImportWh(),
                s.initialExportWh(), s.timeZone(), 0, 0, 0, false, s.settings());
        org.assertj.core.api.Assertions.assertThatThrownBy(m::open).hasMessageContaining("holds meter m1");
    }
}
