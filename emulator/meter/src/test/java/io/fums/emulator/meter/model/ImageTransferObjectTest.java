package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class 18 attributes, initiate and block transfer, per the Blue Book. */
@Tag("UC-2")
class ImageTransferObjectTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 500, 500));
    }

    @Test
    void newMeterHasNoTransferAndDefaultAttributes() throws Exception {
        assertThat(m.get(ImageTransfer.ATTR_LOGICAL_NAME)).isEqualTo(ImageTransfer.LOGICAL_NAME.toDataValue());
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_BLOCK_SIZE)).isEqualTo(new DataValue.UInt32(128));
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_TRANSFERRED_BLOCKS_STATUS)).isEqualTo(new DataValue.BitString(0,
                new byte[0]));
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER)).isEqualTo(new DataValue.UInt32(0));
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED)).isEqualTo(new DataValue.Bool(true));
        assertThat(m.status()).isZero();
        assertThat(ImageToActivateInfo.fromAttribute(m.get(ImageTransfer.ATTR_IMAGE_TO_ACTIVATE_INFO))).isEmpty();
    }

    @Test
    @Tag("SM-10")
    void blocksAreRefusedBeforeAFormalInitiation() {
        byte[] image = m.image("2.0.0", 1000);
        assertThat(m.block(image, 0).result()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.verify()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.activate()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.status()).isZero();
    }

    @Test
    void initiateThenBlocksOutOfOrderAndDuplicatesFillTheBitmap() {
        byte[] image = m.image("2.0.0", 1000); // 8 blocks of 128, the last one 104 octets
        assertThat(m.initiate("FW-2.0.0", image.length).result()).isEqualTo(ActionResult.SUCCESS);
        assertThat(m.status()).isEqualTo(1);
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_TRANSFERRED_BLOCKS_STATUS)).isEqualTo(new DataValue.BitString(8,
                new byte[] {0}));
        for (int n : new int[] {7, 1, 0, 1, 3}) {
            assertThat(m.block(image, n).result()).isEqualTo(ActionResult.SUCCESS);
        }
        // bits 0, 1, 3, 7, first bit in the most significant bit
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_TRANSFERRED_BLOCKS_STATUS)).isEqualTo(new DataValue.BitString(8,
                new byte[] {(byte) 0b1101_0001}));
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER)).isEqualTo(new DataValue.UInt32(2));
        for (int n : new int[] {2, 4, 5, 6}) {
            m.block(image, n);
        }
        // complete: the Blue Book's "above the number of blocks" is the block count
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER)).isEqualTo(new DataValue.UInt32(8));
        assertThat(m.status()).isEqualTo(1);
    }

    @Test
    void initiateAgainResetsTheBitmap() {
        byte[] image = m.image("2.0.0", 1000);
        m.transfer("FW-2.0.0", image);
        assertThat(m.initiate("FW-2.0.1", image.length).result()).isEqualTo(ActionResult.SUCCESS);
        assertThat(m.get(ImageTransfer.ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER)).isEqualTo(new DataValue.UInt32(0));
        assertThat(m.model.status().blocksReceived()).isZero();
    }

    @Test
    void blocksOfTheWrongSizeOrOutOfRangeAreRefused() {
        byte[] image = m.image("2.0.0", 1000);
        m.initiate("FW", image.length);
        var shortBlock = new ImageTransfer.BlockParameters(0, new byte[127]).toDataValue();
        assertThat(m.model.action(ImageTransfer.IMAGE_BLOCK_TRANSFER, shortBlock).result())
                .isEqualTo(ActionResult.OTHER_REASON);
        var fullLast = new ImageTransfer.BlockParameters(7, new byte[128]).toDataValue();
        assertThat(m.model.action(ImageTransfer.IMAGE_BLOCK_TRANSFER, fullLast).result())
                .isEqualTo(ActionResult.OTHER_REASON);
        var beyond = new ImageTransfer.BlockParameters(8, new byte[128]).toDataValue();
        assertThat(m.model.action(ImageTransfer.IMAGE_BLOCK_TRANSFER, beyond).result())
                .isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.model.action(ImageTransfer.IMAGE_BLOCK_TRANSFER, new DataValue.UInt32(1)).result())
                .isEqualTo(ActionResult.TYPE_UNMATCHED);
        assertThat(m.model.status().blocksReceived()).isZero();
    }

    @Test
    void initiateIsRefusedWhenDisabledOrTooLarge() {
        assertThat(m.initiate("FW", (1 << 20) + 1).result()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.initiate("FW", 0).result()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.model.set(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED, new DataValue.Bool(false)))
                .isEqualTo(DataAccessResult.SUCCESS);
        assertThat(m.initiate("FW", 1000).result()).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(m.status()).isZero();
        m.model.set(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED, new DataValue.Bool(true));
        assertThat(m.initiate("FW", 1000).result()).isEqualTo(ActionResult.SUCCESS);
        m.model.set(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED, new DataValue.Bool(false));
        assertThat(m.block(m.image("2.0.0", 1000), 0).result()).isEqualTo(ActionResult.OTHER_REASON);
    }

    @Test
    void readOnlyAttributesUnknownObjectsAndWrongClassesAreRefused() {
        assertThat(m.model.set(ImageTransfer.ATTR_IMAGE_BLOCK_SIZE, new DataValue.UInt32(64)))
                .isEqualTo(DataAccessResult.READ_WRITE_DENIED);
        assertThat(m.model.set(ImageTransfer.ATTR_IMAGE_TRANSFER_STATUS, new DataValue.Enumerated(6)))
                .isEqualTo(DataAccessResult.READ_WRITE_DENIED);
        assertThat(m.model.get(new CosemAttributeDescriptor(18, ImageTransfer.LOGICAL_NAME, 8), null).error())
                .isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
        assertThat(m.model.get(new CosemAttributeDescriptor(1, ImageTransfer.LOGICAL_NAME, 2), null).error())
                .isEqualTo(DataAccessResult.OBJECT_CLASS_INCONSISTENT);
        assertThat(m.model.get(new CosemAttributeDescriptor(1, ObisCode.parse("0-0:99.99.99.255"), 2), null).error())
                .isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
        assertThat(m.model.action(new CosemMethodDescriptor(18, ImageTransfer.LOGICAL_NAME, 5), null).result())
                .isEqualTo(ActionResult.OBJECT_UNDEFINED);
    }
}
