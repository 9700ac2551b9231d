package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image_activate, the self-check after it, revert, and what an upgrade must not change. */
@Tag("UC-4")
class ActivationTest {

    private static final ObisCode TARIFF = ObisCode.parse("0-0:96.14.0.255");
    private static final ObisCode NETWORK_ADDRESS = ObisCode.parse("0-0:96.50.1.255");
    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 400, 600));
    }

    @Test
    @Tag("SM-3")
    @Tag("SM-4")
    void activationWithoutSuccessfulVerificationIsRefused() {
        m.transfer("FW", m.image("2.0.0", 3000));
        assertThat(m.activate()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.status()).isEqualTo(1);
        assertThat(m.firmware()).isEqualTo("1.0.0");
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("refused: no verified image"));
    }

    @Test
    @Tag("SM-1")
    @Tag("UC-5")
    @Tag("SM-7")
    @Tag("MET-1")
    @Tag("NET-1")
    @Tag("SM-8")
    void activationRunsTheSelfCheckThenReportsTheNewFirmwareWithConfigurationAndEnergyIntact() throws Exception {
        assertThat(m.set(1, TARIFF, 2, new DataValue.UInt8(3))).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(m.set(1, NETWORK_ADDRESS, 2, new DataValue.VisibleString("10.9.8.7")))
                .isEqualTo(DataAccessResult.SUCCESS);
        long import0 = m.importRegister();
        long export0 = m.exportRegister();
        byte[] image = m.image("2.0.0", 3000);
        m.transferAndVerify("FW", image);
        m.time.advance(10_000); // 10 s more at 3600 W import, 360 W export
        assertThat(m.activate()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        assertThat(m.status()).isEqualTo(5);
        assertThat(m.firmware()).isEqualTo("1.0.0");
        m.time.advance(400);
        assertThat(m.status()).isEqualTo(5);
        assertThat(m.firmware()).as("the new bank runs its self-check").isEqualTo("2.0.0");
        m.time.advance(600);
        assertThat(m.status()).isEqualTo(6);
        assertThat(m.firmware()).isEqualTo("2.0.0");
        assertThat(((DataValue.OctetString) m.get(CosemObjects.ACTIVE_FIRMWARE_SIGNATURE_VALUE)).value())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(image));
        assertThat(m.activate()).isEqualTo(ActionResult.SUCCESS);
        MeterStatus s = m.model.status();
        assertThat(s.activeBank()).isEqualTo(1);
        assertThat(s.bankVersions()).containsExactly("1.0.0", "2.0.0");
        assertThat(s.upgradesSucceeded()).isEqualTo(1);
        // configuration and network settings unchanged; energy advanced by exactly the elapsed time only
        assertThat(m.get(1, TARIFF, 2)).isEqualTo(new DataValue.UInt8(3));
        assertThat(m.get(1, NETWORK_ADDRESS, 2)).isEqualTo(new DataValue.VisibleString("10.9.8.7"));
        long elapsedMs = m.time.millis() - MeterFixture.START;
        assertThat(m.importRegister()).isEqualTo(import0 + elapsedMs / 1000);
        assertThat(m.exportRegister()).isEqualTo(export0 + elapsedMs / 10_000);
    }

    @Test
    @Tag("SM-2")
    @Tag("UC-5")
    @Tag("UC-6")
    void aFailingSelfCheckRevertsToThePreviousBankWithStatus7() {
        m.transferAndVerify("FW", m.image(new ImageHeader("2.0.0-broken", MeterFixture.TYPE,
                ImageHeader.FLAG_SELF_CHECK_FAILS), 3000, vendor));
        m.activate();
        m.time.advance(400);
        assertThat(m.firmware()).isEqualTo("2.0.0-broken");
        m.time.advance(600);
        assertThat(m.status()).isEqualTo(7);
        assertThat(m.firmware()).isEqualTo("1.0.0");
        MeterStatus s = m.model.status();
        assertThat(s.activeBank()).isZero();
        assertThat(s.bankConditions()).containsExactly("valid", "discarded");
        assertThat(s.pendingVersion()).isNull();
        assertThat(s.upgradeFailures()).isEqualTo(1);
        assertThat(s.events()).anyMatch(e -> e.contains("self-check of 2.0.0-broken failed: reverted"));
        assertThat(m.dir.resolve("pending.img")).doesNotExist();
        assertThat(m.activate()).as("the discarded image cannot be activated").isEqualTo(ActionResult.OTHER_REASON);
    }

    @Test
    @Tag("SM-2")
    void anInjectedSelfCheckFailureRevertsAsWell() {
        m.faults(FaultPlan.NONE.withFailSelfCheck(true));
        m.spec = MeterFixture.spec(0, 0, 0);
        m.open();
        m.transfer("FW", m.image("2.0.0", 3000));
        assertThat(m.verify()).isEqualTo(ActionResult.SUCCESS);
        assertThat(m.activate()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.status()).isEqualTo(7);
        assertThat(m.firmware()).isEqualTo("1.0.0");
    }

    @Test
    void aRefusedActivationKeepsTheVerifiedImageForALaterAttempt() {
        m.faults(FaultPlan.NONE.withRefuseActivation(true));
        m.transferAndVerify("FW", m.image("2.0.0", 3000));
        assertThat(m.activate()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.status()).isEqualTo(7);
        assertThat(m.model.status().pendingVersion()).isEqualTo("2.0.0");
        m.faults(FaultPlan.NONE);
        assertThat(m.activate()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        m.time.advance(1000);
        assertThat(m.status()).isEqualTo(6);
        assertThat(m.firmware()).isEqualTo("2.0.0");
    }

    @Test
    void withVerifyOnActivateTheActivationVerifiesFirstAsTheBlueBookAllows() {
        MeterSpec s = MeterFixture.spec(1000, 0, 0);
        m.spec = new MeterSpec(s.meterId(), s.deviceId(), s.deviceType(), s.factoryFirmware(), s.blockSize(),
                s.maxImageSize(), s.powerImportW(), s.powerExportW(), s.energyScaler(), s.initialImportWh(),
                s.initialExportWh(), s.timeZone(), s.verifyMillis(), 0, 0, true, s.settings());
        m.open();
        m.transfer("FW", m.image("2.0.0", 3000));
        assertThat(m.activate()).isEqualTo(ActionResult.SUCCESS);
        assertThat(m.firmware()).isEqualTo("2.0.0");
    }

    @Test
    void twoUpgradesInARowAlternateTheBanks() {
        m.spec = MeterFixture.spec(0, 0, 0);
        m.open();
        for (String v : new String[] {"2.0.0", "3.0.0"}) {
            m.transfer("FW-" + v, m.image(v, 2000));
            assertThat(m.verify()).isEqualTo(ActionResult.SUCCESS);
            assertThat(m.activate()).isEqualTo(ActionResult.SUCCESS);
        }
        assertThat(m.model.status().bankVersions()).containsExactly("3.0.0", "2.0.0");
        assertThat(m.model.status().activeBank()).isZero();
        assertThat(m.firmware()).isEqualTo("3.0.0");
    }
}
