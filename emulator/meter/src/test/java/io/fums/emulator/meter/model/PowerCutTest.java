package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.fault.FaultStep;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A power cut at each upgrade step: the meter restarts on its active bank, never bricked (SM-2, UC-6, UMS-2). */
@Tag("SM-2")
@Tag("UC-6")
@Tag("UMS-2")
class PowerCutTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;
    private final AtomicInteger cuts = new AtomicInteger();
    private byte[] image;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 400, 600));
        m.model.onPowerCut(cuts::incrementAndGet);
        image = m.image("2.0.0", 3000); // 24 blocks
    }

    @Test
    void duringTransferTheBlockInFlightIsLostAndTheTransferResumes() {
        m.faults(FaultPlan.powerCut(FaultStep.TRANSFER, 10, 0));
        m.initiate("FW", image.length);
        for (int n = 0; n < 10; n++) {
            assertThat(m.block(image, n).result()).isEqualTo(ActionResult.SUCCESS);
        }
        assertThat(m.block(image, 10).result()).isEqualTo(ActionResult.HARDWARE_FAULT);
        assertThat(cuts).hasValue(1);
        assertThat(m.status()).isEqualTo(1);
        assertThat(m.model.status().firstMissingBlock()).isEqualTo(10);
        assertThat(m.firmware()).isEqualTo("1.0.0");
        for (int n = 10; n < 24; n++) {
            assertThat(m.block(image, n).result()).isEqualTo(ActionResult.SUCCESS);
        }
        m.verify();
        m.time.advance(1000);
        assertThat(m.status()).isEqualTo(3);
    }

    @Test
    void duringVerificationTheImageIsKeptAndVerifiedAgain() {
        m.faults(FaultPlan.powerCut(FaultStep.VERIFY, 0, 0));
        m.transfer("FW", image);
        assertThat(m.verify()).isEqualTo(ActionResult.HARDWARE_FAULT);
        assertThat(cuts).hasValue(1);
        assertThat(m.status()).isEqualTo(1);
        assertThat(m.model.status().blocksReceived()).isEqualTo(24);
        m.verify();
        m.time.advance(1000);
        assertThat(m.status()).isEqualTo(3);
    }

    @Test
    void duringActivationTheMeterRestartsOnItsActiveBankWithStatus7() {
        m.faults(FaultPlan.powerCut(FaultStep.ACTIVATION, 0, 0));
        m.transferAndVerify("FW", image);
        assertThat(m.activate()).isEqualTo(ActionResult.HARDWARE_FAULT);
        assertRevertedAfterCut();
    }

    @Test
    void duringTheSelfCheckTheMeterRestartsOnItsActiveBankWithStatus7() {
        m.faults(FaultPlan.powerCut(FaultStep.SELF_CHECK, 0, 0));
        m.transferAndVerify("FW", image);
        assertThat(m.activate()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        m.time.advance(400); // the new bank starts its self-check, and the power fails
        m.model.tick();
        assertRevertedAfterCut();
    }

    private void assertRevertedAfterCut() {
        assertThat(cuts).hasValue(1);
        assertThat(m.status()).isEqualTo(7);
        assertThat(m.firmware()).isEqualTo("1.0.0");
        MeterStatus s = m.model.status();
        assertThat(s.activeBank()).isZero();
        assertThat(s.powerCuts()).isEqualTo(1);
        assertThat(s.upgradeFailures()).isEqualTo(1);
        assertThat(s.events()).anyMatch(e -> e.contains("activation interrupted by power loss"));
        // an emulator restart sees the same
        m.open();
        assertThat(m.status()).isEqualTo(7);
        assertThat(m.firmware()).isEqualTo("1.0.0");
    }

    @Test
    @Tag("MET-1")
    void whileOffTheMeterDoesNotAnswerNorMeasureAndKeepsItsRegisters() {
        long before = m.importRegister();
        m.faults(FaultPlan.powerCut(FaultStep.VERIFY, 0, 5000));
        m.transfer("FW", image);
        m.time.advance(2000);
        long atCut = m.importRegister();
        assertThat(atCut).isEqualTo(before + 2);
        m.verify();
        assertThat(m.model.poweredOn()).isFalse();
        assertThat(m.model.get(CosemObjects.DEVICE_ID_VALUE, null).error()).isEqualTo(DataAccessResult.HARDWARE_FAULT);
        m.time.advance(5000);
        assertThat(m.model.poweredOn()).isTrue();
        assertThat(m.importRegister()).isEqualTo(atCut);
        m.time.advance(3000);
        assertThat(m.importRegister()).isEqualTo(atCut + 3);
    }

    @Test
    void aControlPowerCutOutsideAnyStepChangesNothingButTheCounter() {
        m.transfer("FW", image);
        m.model.powerCut("control command", 0);
        assertThat(m.status()).isEqualTo(1);
        assertThat(m.model.status().blocksReceived()).isEqualTo(24);
        assertThat(m.model.status().powerCuts()).isEqualTo(1);
    }
}
