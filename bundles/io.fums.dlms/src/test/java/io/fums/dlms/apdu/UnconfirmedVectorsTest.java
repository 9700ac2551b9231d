package io.fums.dlms.apdu;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ObisCode;
import org.junit.jupiter.api.Test;

/**
 * Unconfirmed services (Green Book): Invoke-Id-And-Priority is bits 0-3
 * invoke-id, bit 6 service-class (0 = unconfirmed, 1 = confirmed), bit 7
 * priority (1 = high). The ACTION-Request-Normal bytes are written out by
 * hand from the A-XDR rules: C3 ACTION-Request, 01 normal, iip, class-id
 * (2 octets), instance-id (6), method-id (1), presence flag 01, then the
 * Data: 02 02 structure of two, 06 double-long-unsigned (4 octets), 09
 * octet-string with its length (0x82 + 2 octets from 256 on).
 */
class UnconfirmedVectorsTest {

    @Test
    void invokeIdAndPriorityBitSixIsTheServiceClass() {
        assertThat(InvokeIdAndPriority.unconfirmed(1).toByte()).isEqualTo(0x81);
        assertThat(InvokeIdAndPriority.of(1).toByte()).isEqualTo(0xC1);
        assertThat(InvokeIdAndPriority.unconfirmed(15).toByte()).isEqualTo(0x8F);
        assertThat(new InvokeIdAndPriority(0, false, false).toByte()).isZero();
        assertThat(InvokeIdAndPriority.fromByte(0x81)).isEqualTo(new InvokeIdAndPriority(1, false, true));
        assertThat(InvokeIdAndPriority.fromByte(0x01).confirmed()).isFalse();
        assertThat(InvokeIdAndPriority.fromByte(0x41).confirmed()).isTrue();
    }

    @Test
    void unconfirmedImageBlockTransfer() throws DlmsCodecException {
        String hex = "C3 01 81 00 12 00 00 2C 00 00 FF 02 01 02 02 06 00 00 00 00 09 04 01 02 03 04";
        ActionRequest.Normal a = new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(1),
                ImageTransfer.IMAGE_BLOCK_TRANSFER, new ImageTransfer.BlockParameters(0, parse("01 02 03 04"))
                .toDataValue());
        assertThat(a.encode()).isEqualTo(parse(hex));
        ActionRequest.Normal decoded = (ActionRequest.Normal) Apdus.decode(parse(hex));
        assertThat(decoded.invokeIdAndPriority().confirmed()).isFalse();
        assertThat(decoded.method()).isEqualTo(ImageTransfer.IMAGE_BLOCK_TRANSFER);
        assertThat(ImageTransfer.BlockParameters.fromDataValue(decoded.parameters()))
                .isEqualTo(new ImageTransfer.BlockParameters(0, parse("01 02 03 04")));
    }

    @Test
    void unconfirmedBlockOf512OctetsNumber300() throws DlmsCodecException {
        byte[] block = new byte[512];
        block[0] = 0x55;
        block[511] = (byte) 0xAA;
        byte[] apdu = new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(2), ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(300, block).toDataValue()).encode();
        String head = "C3 01 82 00 12 00 00 2C 00 00 FF 02 01 02 02 06 00 00 01 2C 09 82 02 00";
        assertThat(apdu).hasSize(parse(head).length + 512);
        assertThat(java.util.Arrays.copyOf(apdu, parse(head).length)).isEqualTo(parse(head));
        assertThat(apdu[parse(head).length]).isEqualTo((byte) 0x55);
        assertThat(apdu[apdu.length - 1]).isEqualTo((byte) 0xAA);
        assertThat(Apdus.decode(apdu)).isInstanceOf(ActionRequest.Normal.class);
    }

    @Test
    void unconfirmedSetRequestNormal() throws DlmsCodecException {
        // SET 0-0:96.50.3.255 (class 1) attribute 2 := double-long-unsigned 900, unconfirmed, invoke id 3,
        // no selective access (00)
        String hex = "C1 01 83 00 01 00 00 60 32 03 FF 02 00 06 00 00 03 84";
        SetRequest.Normal s = new SetRequest.Normal(InvokeIdAndPriority.unconfirmed(3),
                new CosemAttributeDescriptor(1, new ObisCode(0, 0, 96, 50, 3, 255), 2), null,
                new DataValue.UInt32(900));
        assertThat(s.encode()).isEqualTo(parse(hex));
        assertThat(((SetRequest) Apdus.decode(parse(hex))).invokeIdAndPriority().confirmed()).isFalse();
    }
}
