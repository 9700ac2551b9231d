package io.fums.dlms.cosem;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObisCodeTest {

    @Test
    void parsesTheUsualNotations() {
        ObisCode energy = new ObisCode(1, 0, 1, 8, 0, 255);
        assertThat(ObisCode.parse("1-0:1.8.0.255")).isEqualTo(energy);
        assertThat(ObisCode.parse("1.0.1.8.0.255")).isEqualTo(energy);
        assertThat(ObisCode.parse("1-0:1.8.0")).isEqualTo(energy);
        assertThat(ObisCode.parse("1-0:1.8.0*255")).isEqualTo(energy);
        assertThat(energy).hasToString("1-0:1.8.0.255");
    }

    /** IEC 62056-6-1: six value groups transferred as an octet-string of 6 (e.g. "09 06 01 00 01 08 00 FF"). */
    @Test
    void bytesAndLogicalNameValue() throws DlmsCodecException {
        ObisCode imageTransfer = ObisCode.parse("0-0:44.0.0.255");
        assertThat(imageTransfer.toBytes()).isEqualTo(parse("00 00 2C 00 00 FF"));
        assertThat(ObisCode.fromBytes(parse("00 00 2C 00 00 FF"))).isEqualTo(imageTransfer);
        assertThat(ObisCode.fromDataValue(new DataValue.OctetString(parse("01 00 01 08 00 FF"))))
                .isEqualTo(CosemObjects.ACTIVE_ENERGY_IMPORT);
        assertThatThrownBy(() -> ObisCode.fromBytes(new byte[5])).isInstanceOf(DlmsCodecException.class);
        assertThatThrownBy(() -> ObisCode.fromDataValue(new DataValue.UInt8(1)))
                .isInstanceOf(DlmsCodecException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1-0:1.8", "1-0:1.8.0.256", "a-b:c.d.e.f", "1-0:1.8.0.255.1"})
    void refusesText(String text) {
        assertThatThrownBy(() -> ObisCode.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectsOfTheDcu() {
        assertThat(CosemObjects.IMAGE_ACTIVATION_SCHEDULE).hasToString("0-0:15.0.2.255");
        assertThat(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER).hasToString("1-0:0.2.0.255");
        assertThat(CosemObjects.ACTIVE_FIRMWARE_SIGNATURE).hasToString("1-0:0.2.8.255");
        assertThat(CosemObjects.DEVICE_ID).hasToString("0-0:96.1.0.255");
        assertThat(CosemObjects.CLOCK).hasToString("0-0:1.0.0.255");
        assertThat(CosemObjects.ACTIVE_ENERGY_EXPORT).hasToString("1-0:2.8.0.255");
        assertThat(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, CosemObjects.REGISTER_SCALER_UNIT))
                .isEqualTo(new CosemAttributeDescriptor(3, ObisCode.parse("1-0:1.8.0.255"), 3));
    }
}
