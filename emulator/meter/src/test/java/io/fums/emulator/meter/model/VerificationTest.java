package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image_verify: complete receipt (SM-3), integrity (SM-4) and trusted source (SM-11), UC-3. */
@Tag("UC-3")
class VerificationTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(2000, 500, 500));
    }

    @Test
    @Tag("SM-4")
    @Tag("SM-11")
    void aCompleteSignedImageVerifiesAfterTheVerificationTime() throws Exception {
        byte[] image = m.image("2.0.0", 5000);
        m.transfer("FW-2.0.0", image);
        assertThat(m.verify()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        assertThat(m.status()).isEqualTo(2);
        assertThat(m.verify()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        m.time.advance(1999);
        assertThat(m.status()).isEqualTo(2);
        m.time.advance(1);
        assertThat(m.status()).isEqualTo(3);
        assertThat(m.verify()).isEqualTo(ActionResult.SUCCESS);
        List<ImageToActivateInfo> info = ImageToActivateInfo.fromAttribute(m.get(ImageTransfer.ATTR_IMAGE_TO_ACTIVATE_INFO));
        assertThat(info).containsExactly(new ImageToActivateInfo(5000, "FW-2.0.0".getBytes(StandardCharsets.US_ASCII),
                MessageDigest.getInstance("SHA-256").digest(image)));
        assertThat(m.model.status().pendingVersion()).isEqualTo("2.0.0");
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("verification successful: version 2.0.0"));
    }

    @Test
    @Tag("SM-3")
    void anIncompleteImageFailsVerificationAtOnce() {
        byte[] image = m.image("2.0.0", 5000);
        m.initiate("FW-2.0.0", image.length);
        for (int n = 0; n < m.blocks(image); n++) {
            if (n != 17) {
                m.block(image, n);
            }
        }
        assertThat(m.verify()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.status()).isEqualTo(4);
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("block 17 of 40 missing"));
        assertThat(m.activate()).isEqualTo(ActionResult.OTHER_REASON);
        // the client resumes from image_first_not_transferred_block_number and verifies again
        long first = ((io.fums.dlms.axdr.DataValue.UInt32) m.get(
                ImageTransfer.ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER)).value();
        assertThat(first).isEqualTo(17);
        m.block(image, 17);
        assertThat(m.status()).isEqualTo(1);
        m.verify();
        m.time.advance(2000);
        assertThat(m.status()).isEqualTo(3);
    }

    @Test
    @Tag("SM-11")
    void anImageSignedByAnUntrustedKeyFailsVerification() throws Exception {
        byte[] image = m.image(new ImageHeader("2.0.0", MeterFixture.TYPE, 0), 5000, MeterFixture.otherKey());
        m.transfer("FW-2.0.0", image);
        assertThat(m.verify()).isEqualTo(ActionResult.TEMPORARY_FAILURE);
        m.time.advance(2000);
        assertThat(m.status()).isEqualTo(4);
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("signature does not verify"));
        assertThat(ImageToActivateInfo.fromAttribute(m.get(ImageTransfer.ATTR_IMAGE_TO_ACTIVATE_INFO))).isEmpty();
        assertThat(m.activate()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.firmware()).isEqualTo("1.0.0");
    }

    @Test
    @Tag("SM-4")
    void aBlockCorruptedInTransitFailsTheIntegrityCheck() {
        m.faults(FaultPlan.blocks(List.of(), List.of(3L)));
        m.transfer("FW-2.0.0", m.image("2.0.0", 5000));
        m.verify();
        m.time.advance(2000);
        assertThat(m.status()).isEqualTo(4);
    }

    @Test
    @Tag("SM-4")
    void anImageForAnotherDeviceTypeFailsVerification() {
        m.transfer("FW", m.image(new ImageHeader("2.0.0", "OTHER-TYPE", 0), 5000, vendor));
        m.verify();
        m.time.advance(2000);
        assertThat(m.status()).isEqualTo(4);
        assertThat(m.model.status().events()).anyMatch(e -> e.contains("device type OTHER-TYPE"));
    }

    @Test
    @Tag("SM-4")
    void anImageWhoseSizeIsNotTheAnnouncedOneFailsVerification() {
        byte[] image = m.image("2.0.0", 5000);
        byte[] longer = java.util.Arrays.copyOf(image, 5128);
        m.transfer("FW", longer);
        m.verify();
        m.time.advance(2000);
        assertThat(m.status()).isEqualTo(4);
    }

    @Test
    @Tag("SM-3")
    void aDroppedBlockShowsInTheBitmapAndIsResent() {
        m.faults(FaultPlan.blocks(List.of(5L), List.of()));
        byte[] image = m.image("2.0.0", 5000);
        m.transfer("FW", image);
        assertThat(m.model.status().firstMissingBlock()).isEqualTo(5);
        assertThat(m.verify()).isEqualTo(ActionResult.OTHER_REASON);
        m.block(image, 5);
        m.verify();
        m.time.advance(2000);
        assertThat(m.status()).isEqualTo(3);
    }

    @Test
    void zeroVerificationTimeAnswersAtOnce() {
        m.spec = MeterFixture.spec(0, 0, 0);
        m.open();
        m.transfer("FW", m.image("2.0.0", 3000));
        assertThat(m.verify()).isEqualTo(ActionResult.SUCCESS);
        assertThat(m.status()).isEqualTo(3);
    }
}
