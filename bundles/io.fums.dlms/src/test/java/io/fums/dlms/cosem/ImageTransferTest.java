package io.fums.dlms.cosem;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.CosemDate;
import io.fums.dlms.axdr.CosemTime;
import io.fums.dlms.axdr.DataValue;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Image transfer, Blue Book interface class 18 version 0: descriptors and method parameter encodings. */
class ImageTransferTest {

    @Test
    void descriptors() {
        assertThat(ImageTransfer.LOGICAL_NAME).hasToString("0-0:44.0.0.255");
        assertThat(ImageTransfer.ATTR_IMAGE_TRANSFER_STATUS)
                .isEqualTo(new CosemAttributeDescriptor(18, ImageTransfer.LOGICAL_NAME, 6));
        assertThat(ImageTransfer.IMAGE_ACTIVATE).isEqualTo(new CosemMethodDescriptor(18, ImageTransfer.LOGICAL_NAME, 4));
    }

    /** image_transfer_initiate: structure { image_identifier octet-string, image_size double-long-unsigned }. */
    @Test
    void initiateParameters() throws DlmsCodecException {
        var p = new ImageTransfer.InitiateParameters("FW-2.0".getBytes(), 262_144);
        byte[] encoded = Axdr.encode(p.toDataValue());
        assertThat(encoded).isEqualTo(parse("02 02 09 06 46 57 2D 32 2E 30 06 00 04 00 00"));
        assertThat(ImageTransfer.InitiateParameters.fromDataValue(Axdr.decode(encoded))).isEqualTo(p);
    }

    /** image_block_transfer: structure { image_block_number double-long-unsigned, image_block_value octet-string }. */
    @Tag("SM-3")
    @Test
    void blockParameters() throws DlmsCodecException {
        var p = new ImageTransfer.BlockParameters(7, new byte[] {1, 2, 3});
        byte[] encoded = Axdr.encode(p.toDataValue());
        assertThat(encoded).isEqualTo(parse("02 02 06 00 00 00 07 09 03 01 02 03"));
        assertThat(ImageTransfer.BlockParameters.fromDataValue(Axdr.decode(encoded))).isEqualTo(p);
        assertThatThrownBy(() -> ImageTransfer.BlockParameters.fromDataValue(Axdr.decode(parse("02 01 06 00 00 00 07"))))
                .isInstanceOf(DlmsCodecException.class);
        assertThatThrownBy(() -> ImageTransfer.BlockParameters.fromDataValue(Axdr.decode(parse("02 02 05 FF FF FF FF 09 00"))))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("out of range");
    }

    @Test
    void verifyAndActivateTakeIntegerZero() {
        assertThat(Axdr.encode(ImageTransfer.zeroParameter())).isEqualTo(parse("0F 00"));
    }

    @Tag("SM-4")
    @Test
    void statusEnum() throws DlmsCodecException {
        assertThat(ImageTransferStatus.fromDataValue(new DataValue.Enumerated(3)))
                .isEqualTo(ImageTransferStatus.VERIFICATION_SUCCESSFUL);
        assertThat(ImageTransferStatus.ACTIVATION_FAILED.code()).isEqualTo(7);
        assertThatThrownBy(() -> ImageTransferStatus.fromDataValue(new DataValue.Enumerated(8)))
                .isInstanceOf(DlmsCodecException.class);
    }

    @Test
    void imageToActivateInfo() throws DlmsCodecException {
        var info = new ImageToActivateInfo(262_144, "FW-2.0".getBytes(), new byte[] {(byte) 0xAB});
        DataValue attr = ImageToActivateInfo.toAttribute(List.of(info));
        assertThat(Axdr.encode(attr)).isEqualTo(parse("01 01 02 03 06 00 04 00 00 09 06 46 57 2D 32 2E 30 09 01 AB"));
        assertThat(ImageToActivateInfo.fromAttribute(Axdr.decode(Axdr.encode(attr)))).containsExactly(info);
    }

    /** Single action schedule (class 22) execution_time: array of structure { time octet-string(4), date octet-string(5) }. */
    @Tag("SM-9")
    @Test
    void activationScheduleExecutionTime() {
        DataValue executionTime = DataValue.Array.of(DataValue.Structure.of(
                new CosemTime(2, 0, 0, 0).toDataValue(),
                new CosemDate(2024, 6, 15, 0xFF).toDataValue()));
        assertThat(Axdr.encode(executionTime)).isEqualTo(parse("01 01 02 02 09 04 02 00 00 00 09 05 07 E8 06 0F FF"));
        assertThat(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME.attributeId()).isEqualTo(4);
    }
}
